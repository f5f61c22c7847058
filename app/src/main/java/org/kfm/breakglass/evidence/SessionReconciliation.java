package org.kfm.breakglass.evidence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.evidence.serverlog.LogLinePrefix;
import org.kfm.breakglass.evidence.serverlog.ServerLog;
import org.kfm.breakglass.evidence.serverlog.ServerLogFormat;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.Policy;
import org.kfm.breakglass.session.SessionFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code audit reconcile}: a sealed session of the journal against its pods' server log, read through the cluster
 * from the session's start less the clock allowance, parsed as the policy's {@code reconcile} section says, the
 * result journaled as {@code session.reconciled} (after the seal, through every required sink). A log that cannot
 * be read is journaled and reported as not reconciled, never as a pass.
 */
public final class SessionReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(SessionReconciliation.class);

    /** The report, its text, and the journal line it was recorded as. */
    public record Outcome(ReconciliationReport report, String text, long journaledSeq) {
        /** 0 clean or warnings only; 1 when something ran outside the console or nothing could be compared. */
        public int exitCode() {
            return switch (report.verdict()) {
                case CLEAN, WARN -> 0;
                case FAIL, NOT_RECONCILED -> 1;
            };
        }
    }

    private SessionReconciliation() {}

    /**
     * @param journalDir the audit directory (else the policy's journal)
     * @param context    the kubeconfig context (else the one the session journaled)
     */
    public static Outcome run(
            AfterSession after,
            Optional<Path> journalDir,
            String sessionId,
            Optional<Path> kubeconfig,
            Optional<String> context)
            throws SessionFailure {
        var journal = JournalSessions.read(journalDir.orElse(after.auditDir()));
        var session = journal.sealed(sessionId);
        var report = reconcile(after, session, kubeconfig, context);
        Operator actor = actor(after, kubeconfig, context.or(() -> contextOf(session)));
        return new Outcome(report, ReconciliationText.render(report), journal(after, report, actor));
    }

    /** The comparison itself, without journaling it (the evidence pack's {@code --reconcile} journals it too). */
    static ReconciliationReport reconcile(
            AfterSession after, SessionHistory session, Optional<Path> kubeconfig, Optional<String> context)
            throws SessionFailure {
        return compare(after, session, readLog(after, session, kubeconfig, context));
    }

    /** The session's pods' server log, read through the cluster from its start less the clock allowance. */
    static ServerLogAccess readLog(
            AfterSession after, SessionHistory session, Optional<Path> kubeconfig, Optional<String> context)
            throws SessionFailure {
        var settings = after.policy().reconcile();
        var format = format(settings, after.policySource());
        var target = session.target();
        var pods = new LinkedHashSet<String>();
        for (AuditTarget t : session.targets()) {
            if (t.pod() != null) {
                pods.add(t.pod());
            }
        }
        if (target == null || target.namespace() == null) {
            return new ServerLogAccess.Unavailable("the journal names no namespace for the session");
        }
        var logs = after.podLogs(
                kubeconfig,
                context.or(() -> contextOf(session)),
                target.namespace(),
                new ArrayList<>(pods),
                Optional.ofNullable(settings.container()),
                session.started().minus(settings.clockSkew()));
        return switch (logs) {
            case AfterSession.PodLogs.Read r -> {
                var parsed = new ArrayList<ServerLog>();
                r.logs().forEach(l -> parsed.add(format.read(l.source(), l.lines())));
                yield new ServerLogAccess.Read(parsed);
            }
            case AfterSession.PodLogs.Unavailable u ->
                new ServerLogAccess.Unavailable("the server log cannot be read: " + u.reason());
        };
    }

    /** The session's journal against the log read, by the session's {@code application_name}. */
    static ReconciliationReport compare(AfterSession after, SessionHistory session, ServerLogAccess access) {
        String dbUser = null;
        for (AuditTarget t : session.targets()) {
            if (t.dbUser() != null) {
                dbUser = t.dbUser();
            }
        }
        var reconciler = new Reconciler(after.policy().reconcile().clockSkew());
        String app = AfterSession.applicationName(session.session());
        // A session that logged in as its own role (sessionCredentials: per-session, the journal's dbUser) is
        // reconciled by that role: every backend of it is the session's, whatever application_name it claims.
        BackendSelection selection = dbUser != null
                        && dbUser.equals(org.kfm.breakglass.session.SessionRole.nameFor(
                                session.session().toString()))
                ? new BackendSelection.PerSessionRole(dbUser)
                : new BackendSelection.ClaimedApplicationName(app, dbUser);
        return reconciler.reconcile(session, selection, ConsoleStatements.forApplication(app), access);
    }

    /** Journals the report as {@code session.reconciled}, by {@code actor}; the journal line's sequence number. */
    static long journal(AfterSession after, ReconciliationReport report, Operator actor) throws SessionFailure {
        byte[] json = ReconciliationJson.write(report);
        return after.record(ReconciledEvent.draft(report, EvidencePack.sha256(json)), actor)
                .event()
                .seq();
    }

    private static ServerLogFormat format(Policy.ReconcileSection settings, String policySource) throws SessionFailure {
        if (settings.logFormat().equals("cloudnative-pg")) {
            return new ServerLogFormat.CloudNativePgJson();
        }
        try {
            return new ServerLogFormat.Stderr(LogLinePrefix.parse(settings.logLinePrefix()));
        } catch (IllegalArgumentException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "reconcile.logLinePrefix of the policy " + policySource + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    static Optional<String> contextOf(SessionHistory session) {
        return Optional.ofNullable(session.target()).map(AuditTarget::context);
    }

    /** Who reconciled; with no cluster to ask, the OS user alone (reconciling is no review: it needs no second person). */
    static Operator actor(AfterSession after, Optional<Path> kubeconfig, Optional<String> context) {
        try {
            return after.actor(kubeconfig, context);
        } catch (SessionFailure e) {
            LOG.warn("reconciliation journaled without a Kubernetes user: {}", e.getMessage());
            return Operator.ofCurrentProcess(null);
        }
    }
}
