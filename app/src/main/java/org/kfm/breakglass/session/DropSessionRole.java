package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * The end of a per-session role, at the session's end, expiry or failure: {@code ALTER ROLE … NOLOGIN}, every
 * backend of it terminated, {@code REASSIGN/DROP OWNED} when it was elevated, {@code DROP ROLE}; durable as
 * {@code credentials.revoked} first. Taking access away is always allowed: it runs in every state, after an
 * integrity alarm too.
 */
record DropSessionRole(String roleName, boolean elevated, String reason) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "drop the session's database role";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return true;
    }

    EventDraft describe() {
        return EventDraft.of(EventType.CREDENTIALS_REVOKED)
                .withDetail("role " + roleName + ": NOLOGIN, terminate its backends, "
                        + (elevated ? "REASSIGN OWNED, DROP OWNED, " : "") + "DROP ROLE (" + reason + ")");
    }
}
