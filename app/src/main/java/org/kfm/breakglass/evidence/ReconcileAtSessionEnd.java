package org.kfm.breakglass.evidence;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.AtSessionEnd;
import org.kfm.breakglass.session.EndReconciliation;
import org.kfm.breakglass.session.SessionFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reconcile.atSessionEnd}: the session just sealed against its pods' server log, journaled as
 * {@code session.reconciled} like {@code audit reconcile}. The server writes its log a moment after it runs a
 * statement and the pod log is read through the API server, so the last statements may not be there yet: while the
 * log is readable and the comparison is neither clean nor failed (a journaled statement the server has no record
 * of, or no record at all), it reads again every {@link #POLL} for up to {@link #MAX_WAIT} (less when the policy's
 * {@code clockSkew} is shorter). A FAIL never waits: nothing arriving later can take an unjournaled statement back.
 * A log that cannot be read is not waited for either: no permission does not come with time.
 */
public final class ReconcileAtSessionEnd implements AtSessionEnd {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileAtSessionEnd.class);

    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(500);

    /** For the {@link java.util.ServiceLoader}. */
    public ReconcileAtSessionEnd() {}

    @Override
    public EndReconciliation reconcile(AfterSession after, UUID session, Optional<Path> kubeconfig) {
        String command = "breakglass audit reconcile " + after.auditDir() + " --session " + session;
        SessionHistory history;
        ReconciliationReport report;
        try {
            history = JournalSessions.read(after.auditDir()).sealed(session.toString());
            report = settled(after, history, kubeconfig);
        } catch (SessionFailure e) {
            LOG.warn("session {} could not be reconciled at its end: {}", session, e.getMessage());
            return EndReconciliation.notReconciled(e.getMessage(), command);
        }
        var actor = SessionReconciliation.actor(after, kubeconfig, SessionReconciliation.contextOf(history));
        try {
            long seq = SessionReconciliation.journal(after, report, actor);
            return new EndReconciliation(
                    report.verdict().wireName(),
                    summary(report) + "; journaled as session.reconciled, seq " + seq,
                    command,
                    seq);
        } catch (SessionFailure e) {
            return new EndReconciliation(
                    report.verdict().wireName(), summary(report) + "; NOT journaled: " + e.getMessage(), command, -1);
        }
    }

    private static ReconciliationReport settled(AfterSession after, SessionHistory history, Optional<Path> kubeconfig)
            throws SessionFailure {
        Duration skew = after.policy().reconcile().clockSkew();
        Instant deadline = Instant.now().plus(skew.compareTo(MAX_WAIT) < 0 ? skew : MAX_WAIT);
        while (true) {
            var access = SessionReconciliation.readLog(after, history, kubeconfig, Optional.empty());
            var report = SessionReconciliation.compare(after, history, access);
            boolean settled = access instanceof ServerLogAccess.Unavailable
                    || report.verdict() == ReconciliationReport.Verdict.CLEAN
                    || report.verdict() == ReconciliationReport.Verdict.FAIL;
            if (settled || !Instant.now().plus(POLL).isBefore(deadline)) {
                return report;
            }
            LOG.debug("session {}: {}; reading the server log again", history.session(), report.reason());
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return report;
            }
        }
    }

    /** One line: the reason, and the counts when something was compared. */
    static String summary(ReconciliationReport r) {
        if (r.verdict() == ReconciliationReport.Verdict.NOT_RECONCILED) {
            return r.reason();
        }
        var c = r.counts();
        return r.reason() + " (" + c.serverStatements() + " server statement(s), " + c.unjournaled()
                + " NOT journaled, " + c.notRun() + " journaled but not run)";
    }
}
