package org.kfm.breakglass.session;

import java.util.List;
import java.util.function.Consumer;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.check.CheckResult;

/**
 * Every preflight check, each reported to {@code progress} as it completes; journaled as {@code session.preflight}
 * with every result before the session moves on. A FAIL ends the session; WARNs must be acknowledged.
 */
public record Preflight(Consumer<CheckResult> progress) implements PrivilegedAction<List<CheckResult>> {
    @Override
    public String verb() {
        return "preflight";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return state == SessionState.JUSTIFIED;
    }

    EventDraft describe(List<CheckResult> results) {
        return EventDraft.of(EventType.SESSION_PREFLIGHT).withChecks(SessionJournal.checks(results));
    }
}
