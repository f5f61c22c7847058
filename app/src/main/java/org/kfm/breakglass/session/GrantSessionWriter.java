package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * An elevation of a per-session role: {@code GRANT <writer role> TO bg_…}, durable as {@code credentials.grant}
 * before the issuer runs it. Part of {@link Elevate}'s effect.
 */
record GrantSessionWriter(String roleName, String writerRole) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "grant the writer role";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.CREDENTIALS_GRANT).withDetail("GRANT " + writerRole + " TO " + roleName);
    }
}
