package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.check.CheckResult;

/**
 * The checks after login, on the audited statement path: is PostGIS enabled in this database ({@link
 * PostgisCheck}), can the role execute what it should not ({@link PrivilegeCheck}), and is the server the primary
 * or a replica, as the target asked ({@link ServerRoleCheck}, from the login's own answer). Journaled as one
 * {@code session.preflight}; a result other than PASS becomes a notice. Part of {@link BreakGlassSession#open()}.
 */
record AfterLoginChecks() implements PrivilegedAction<List<CheckResult>> {
    @Override
    public String verb() {
        return "check the login";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return state == SessionState.PREFLIGHTED;
    }

    EventDraft describe(List<CheckResult> results) {
        return EventDraft.of(EventType.SESSION_PREFLIGHT).withChecks(SessionJournal.checks(results));
    }
}
