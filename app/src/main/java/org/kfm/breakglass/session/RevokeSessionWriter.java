package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * The end of a per-session role's elevation: {@code REVOKE <writer role> FROM bg_…} and the end of the role's
 * other backends (an endpoint client that logged in while elevated), durable as {@code credentials.revoke}
 * first. Part of {@link EndElevation}'s effect; a session that is ending may still run it.
 */
record RevokeSessionWriter(String roleName, String writerRole) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "revoke the writer role";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return true;
    }

    EventDraft describe() {
        return EventDraft.of(EventType.CREDENTIALS_REVOKE)
                .withDetail("REVOKE " + writerRole + " FROM " + roleName + "; terminate its other backends");
    }
}
