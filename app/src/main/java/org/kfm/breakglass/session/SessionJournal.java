package org.kfm.breakglass.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.AuditShow;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.AuditUnavailableException;
import org.kfm.breakglass.audit.CheckResult;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.JournalEntry;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.audit.TunnelChange;
import org.kfm.breakglass.kube.ResolvedPod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of the audit trail, with the session's rule for failures: a record about an action that is
 * about to happen must be durable or the action is refused ({@link #beforeAction}); a record about something that
 * already happened (an outcome, a drop, an expiry) is logged when a sink fails, never thrown
 * ({@link #afterTheFact}, {@link #outcome}). Every line it writes is also kept for the session's ticker, which
 * hands them to listeners ({@link #unseen()}).
 */
final class SessionJournal {
    private static final Logger LOG = LoggerFactory.getLogger(SessionJournal.class);

    private final AuditTrail trail;
    private final SessionRecorder recorder;
    private final UUID session;
    private final Queue<AuditEvent> unseen = new ConcurrentLinkedQueue<>();

    SessionJournal(AuditTrail trail, SessionRecorder recorder, UUID session) {
        this.trail = trail;
        this.recorder = recorder;
        this.session = session;
    }

    /**
     * No audit, no access: throws DENIED when a required sink cannot record what is about to happen. A
     * {@code query.begin} that cannot be made durable is journaled as {@code query.denied}, so the record says
     * the statement was never sent.
     */
    void beforeAction(EventDraft draft) throws SessionFailure {
        boolean statement = draft.type() == EventType.QUERY_BEGIN;
        try {
            keep(recorder.record(draft));
        } catch (IllegalStateException e) {
            // The session ended (expiry, close from another thread) between the state check and now.
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED, (statement ? "not sent" : "refused") + ": the session has ended", e);
        } catch (AuditUnavailableException e) {
            if (!statement) {
                throw new SessionFailure(SessionFailure.Kind.DENIED, "no audit, no access: " + e.getMessage(), e);
            }
            String reason = "not sent: audit sink(s) " + String.join(", ", e.failingSinks())
                    + " cannot record it — no audit, no access; statements resume when the sink recovers";
            try {
                // Even when query.begin reached the local journal, the record must say it was never sent.
                keep(recorder.recordDenied(draft.stmt(), reason));
            } catch (AuditUnavailableException again) {
                // The local journal is the last resort; its failure is part of the message already given.
            }
            throw new SessionFailure(SessionFailure.Kind.DENIED, reason, e);
        }
    }

    /** A statement refused before sending: {@code query.denied}, even while a required sink is down. */
    void denied(StatementRecord statement, String reason) throws AuditUnavailableException {
        keep(recorder.recordDenied(statement, reason));
    }

    /** For records about something that already happened: the local journal has it; a remote failure is logged. */
    void afterTheFact(EventDraft draft) {
        try {
            keep(recorder.record(draft));
        } catch (AuditUnavailableException e) {
            LOG.error("audit record could not be delivered to every sink: {}", e.getMessage());
        }
    }

    /**
     * A statement's outcome ({@code query.end} or {@code query.failed}): it already ran, so a journal that cannot
     * take it is logged (the recorder keeps it for the next record, which is refused if it still cannot be written).
     */
    void outcome(EventDraft draft) {
        String type = draft.type().wireName();
        try {
            keep(
                    draft.type() == EventType.QUERY_END
                            ? recorder.queryEnd(draft.stmt())
                            : recorder.queryFailed(draft.stmt()));
        } catch (IllegalStateException e) {
            LOG.error("{} could not be journaled: the session ended while the statement ran", type);
        } catch (AuditUnavailableException e) {
            // The statement already ran: the local journal has query.begin; the next statement will be refused.
            LOG.error("{} could not be delivered to every sink: {}", type, e.getMessage());
        }
    }

    /** {@code tunnel.close}, naming the last pod forwarded to. */
    void tunnelClosed(ResolvedPod last, String reason) {
        afterTheFact(EventDraft.of(EventType.TUNNEL_CLOSE)
                .withTunnel(new TunnelChange(
                        last == null ? null : last.name(), last == null ? null : last.uid(), null, reason)));
    }

    /** {@code session.end} and the seal; a required sink that did not take them is logged. */
    void end(String reason) {
        try {
            recorder.end(reason);
        } catch (AuditUnavailableException e) {
            LOG.error("audit record could not be delivered to every sink: {}", e.getMessage());
        }
    }

    /** Later records name this pod. */
    void podIs(ResolvedPod pod) {
        recorder.updateTarget(recorder.target().withPod(pod.name(), pod.uid()));
    }

    /** Later records name this database (the Secret's when no {@code -d} was given) and database user. */
    void loginIs(String database, String dbUser) {
        var t = recorder.target();
        recorder.updateTarget(new AuditTarget(
                t.context(), t.server(), t.namespace(), t.service(), t.pod(), t.podUid(), database, dbUser));
    }

    /** Later records carry this mode. */
    void modeIs(AccessMode mode) {
        recorder.updateMode(mode.wireName());
    }

    /** The lines written since the last call, oldest first. */
    List<JournalLine> unseen() {
        var lines = new ArrayList<JournalLine>();
        for (AuditEvent event; (event = unseen.poll()) != null; ) {
            lines.add(line(event));
        }
        return lines;
    }

    /** Read back from the local journal (the bytes an auditor verifies), oldest first. */
    List<JournalLine> readBack() {
        try {
            var result = JournalReader.read(List.of(trail.journalDirectory()), Optional.of(session));
            return result.events().stream().map(SessionJournal::line).toList();
        } catch (IOException e) {
            LOG.warn("reading the session's journal back failed", e);
            return List.of();
        }
    }

    void close() {
        try {
            trail.close();
        } catch (IOException e) {
            LOG.warn("closing the audit trail failed", e);
        }
    }

    /** A check as the audit record carries it. */
    static CheckResult check(org.kfm.breakglass.check.CheckResult result) {
        return new CheckResult(result.name(), result.verdict().name(), result.reason());
    }

    static List<CheckResult> checks(List<org.kfm.breakglass.check.CheckResult> results) {
        return results.stream().map(SessionJournal::check).toList();
    }

    private void keep(JournalEntry entry) {
        unseen.add(entry.event());
    }

    private static JournalLine line(AuditEvent event) {
        return new JournalLine(event.seq(), event.time(), event.type().wireName(), AuditShow.summary(event));
    }
}
