package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.check.CheckResult;

/**
 * The seed's post-deploy checks ({@link SmokeChecks}); their statements are journaled as statements, and the
 * results as one {@code smoke} record before they are returned.
 */
public record Smoke() implements PrivilegedAction<List<CheckResult>> {
    @Override
    public String verb() {
        return "run smoke checks";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe(List<CheckResult> results) {
        String summary = String.join(
                "; ", results.stream().map(r -> r.verdict() + " " + r.name()).toList());
        return EventDraft.of(EventType.SMOKE).withDetail(summary).withChecks(SessionJournal.checks(results));
    }
}
