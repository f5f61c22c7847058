package org.kfm.breakglass.evidence;

import java.util.ArrayList;
import org.kfm.breakglass.audit.CheckResult;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.ReconciliationSummary;

/**
 * The {@code session.reconciled} event for a report: the counts and verdict, its FAIL and WARN findings (the first
 * {@value #MAX_FINDINGS}; the rest are in the report, whose SHA-256 the event carries), so remote sinks get the
 * evidence itself, not only a verdict.
 */
public final class ReconciledEvent {

    static final int MAX_FINDINGS = 20;

    private ReconciledEvent() {}

    /** @param reportSha256 hex SHA-256 of {@link ReconciliationJson#write} of the report */
    public static EventDraft draft(ReconciliationReport r, String reportSha256) {
        var c = r.counts();
        var summary = new ReconciliationSummary(
                r.session(),
                r.verdict().wireName(),
                r.reason(),
                r.selection(),
                r.from(),
                r.to(),
                r.sources(),
                c.serverStatements(),
                c.matched(),
                c.console(),
                c.subStatements(),
                c.unjournaled(),
                c.notRun(),
                c.denied(),
                c.rowMismatches(),
                reportSha256);
        var checks = new ArrayList<CheckResult>();
        long serious = r.findings().stream()
                .filter(f -> f.severity() != Finding.Severity.INFO)
                .count();
        r.findings().stream()
                .filter(f -> f.severity() != Finding.Severity.INFO)
                .limit(MAX_FINDINGS)
                .forEach(f -> checks.add(new CheckResult(
                        f.kind().name(), f.severity().name(), (f.place() == null ? "" : f.place() + ": ") + f.text())));
        var draft = EventDraft.of(EventType.SESSION_RECONCILED).withReconciliation(summary);
        if (!checks.isEmpty()) {
            draft = draft.withChecks(checks);
        }
        if (serious > MAX_FINDINGS) {
            draft = draft.withDetail((serious - MAX_FINDINGS) + " more FAIL/WARN finding(s) in the report");
        }
        return draft;
    }
}
