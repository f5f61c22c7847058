package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * Roles left on the server by sessions this journal shows closed or abandoned (a console that died before it
 * could drop its role): NOLOGIN, terminate, drop, durable as {@code credentials.swept} with the names first.
 * Part of {@link BreakGlassSession#open()} under {@code sessionCredentials: per-session}.
 */
record SweepSessionRoles(List<String> roles) implements PrivilegedAction<Void> {
    SweepSessionRoles {
        roles = List.copyOf(roles);
    }

    @Override
    public String verb() {
        return "sweep the roles of ended sessions";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return state == SessionState.PREFLIGHTED;
    }

    EventDraft describe() {
        return EventDraft.of(EventType.CREDENTIALS_SWEPT)
                .withDetail("roles of closed or abandoned sessions: " + String.join(", ", roles));
    }
}
