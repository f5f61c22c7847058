package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * The session's own database role, created by the issuer before the session's first login
 * ({@code sessionCredentials: per-session}, ADR 0022): {@code credentials.issue} is durable before the issuer logs
 * in. Part of {@link BreakGlassSession#open()}.
 */
record IssueSessionRole(SessionRole role, String readerRole) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "issue the session's database role";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return state == SessionState.PREFLIGHTED;
    }

    /** What will be created, never the password. */
    EventDraft describe(int connectionLimit, String issuerSecret) {
        return EventDraft.of(EventType.CREDENTIALS_ISSUE)
                .withDetail("role " + role.name() + " LOGIN VALID UNTIL " + role.validUntil() + " CONNECTION LIMIT "
                        + connectionLimit + " IN ROLE " + readerRole + ", by the issuer of Secret " + issuerSecret);
    }
}
