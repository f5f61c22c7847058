package org.kfm.breakglass.session;

import java.time.Instant;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * An extension of a per-session role's session: {@code ALTER ROLE bg_… VALID UNTIL <new expiry>}, durable as
 * {@code credentials.extend} before the issuer runs it, so a login after the original expiry (a reconnect) still
 * works and none works after the new one. Part of {@link Extend}'s effect.
 */
record ExtendSessionRole(String roleName, Instant validUntil) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "extend the session's database role";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.CREDENTIALS_EXTEND)
                .withDetail("ALTER ROLE " + roleName + " VALID UNTIL " + validUntil);
    }
}
