package org.kfm.breakglass.session;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditShow;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.AuditUnavailableException;
import org.kfm.breakglass.audit.CheckResult;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.kube.ResolvedPod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of the audit trail, with the session's rule for failures: a record about an action that is
 * about to happen must be durable or the action is refused ({@link #beforeAction}); a record about something that
 * already happened (a drop, an expiry) is logged when a sink fails, never thrown ({@link #afterTheFact}).
 */
final class SessionJournal {
    private static final Logger LOG = LoggerFactory.getLogger(SessionJournal.class);

    /** One audit write. */
    @FunctionalInterface
    interface AuditWrite {
        void write() throws AuditUnavailableException;
    }

    private final AuditTrail trail;
    private final SessionRecorder recorder;
    private final UUID session;

    SessionJournal(AuditTrail trail, SessionRecorder recorder, UUID session) {
        this.trail = trail;
        this.recorder = recorder;
        this.session = session;
    }

    SessionRecorder recorder() {
        return recorder;
    }

    /** No audit, no access: throws DENIED when a required sink cannot record what is about to happen. */
    void beforeAction(AuditWrite write) throws SessionFailure {
        try {
            write.write();
        } catch (AuditUnavailableException e) {
            throw new SessionFailure(SessionFailure.Kind.DENIED, "no audit, no access: " + e.getMessage(), e);
        }
    }

    /** For records about something that already happened: the local journal has it; a remote failure is logged. */
    void afterTheFact(AuditWrite write) {
        try {
            write.write();
        } catch (AuditUnavailableException e) {
            LOG.error("audit record could not be delivered to every sink: {}", e.getMessage());
        }
    }

    /** Later records name this pod. */
    void podIs(ResolvedPod pod) {
        recorder.updateTarget(recorder.target().withPod(pod.name(), pod.uid()));
    }

    /** Later records name this database user. */
    void dbUserIs(String dbUser) {
        var t = recorder.target();
        recorder.updateTarget(new AuditTarget(
                t.context(), t.server(), t.namespace(), t.service(), t.pod(), t.podUid(), t.database(), dbUser));
    }

    /** Read back from the local journal (the bytes an auditor verifies), oldest first. */
    List<JournalLine> readBack() {
        try {
            var result = JournalReader.read(List.of(trail.journalDirectory()), Optional.of(session));
            return result.events().stream()
                    .map(e -> new JournalLine(e.seq(), e.time(), e.type().wireName(), AuditShow.summary(e)))
                    .toList();
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
}
