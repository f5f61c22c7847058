package org.kfm.breakglass.evidence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.SessionFailure;

/**
 * {@code audit review} and {@code audit pending}: a second person's verdict on a sealed session, journaled as
 * {@code session.review} (refused, exit 3, when the reviewer is the session's operator), and the sessions still
 * waiting for one.
 */
public final class SessionReviewing {

    private SessionReviewing() {}

    /** @return the seq of the journaled review */
    public static long review(
            AfterSession after,
            Optional<Path> journalDir,
            String sessionId,
            String verdict,
            String note,
            Optional<String> evidenceSha256,
            Optional<Path> kubeconfig,
            Optional<String> context)
            throws SessionFailure {
        var session = JournalSessions.read(journalDir.orElse(after.auditDir())).sealed(sessionId);
        var reviewer = after.actor(
                kubeconfig,
                context.or(() -> Optional.ofNullable(session.target()).map(t -> t.context())));
        if (Reviews.samePerson(session.operator(), reviewer)) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "you cannot review session " + session.session() + ": you ran it (the same "
                            + (sameKube(session, reviewer)
                                    ? "Kubernetes user " + reviewer.kubeUser()
                                    : "OS user " + reviewer.osUser() + " on " + reviewer.host())
                            + "); a break-glass session is reviewed by someone else");
        }
        try {
            var draft = Reviews.draft(session, reviewer, verdict, note, evidenceSha256);
            return after.record(draft, reviewer).event().seq();
        } catch (IllegalArgumentException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    private static boolean sameKube(SessionHistory s, org.kfm.breakglass.audit.Operator reviewer) {
        return s.operator() != null
                && s.operator().kubeUser() != null
                && s.operator().kubeUser().equals(reviewer.kubeUser());
    }

    /** One line of {@code audit pending}: overdue or waiting, the session, when it ended, who ran it and why. */
    public static String describe(Reviews.Pending p) {
        var s = p.session();
        var o = s.operator();
        var j = s.justification();
        var line = new StringBuilder()
                .append(p.overdue() ? "OVERDUE " : "PENDING ")
                .append(s.session())
                .append(" ended ")
                .append(s.ended().orElse(s.lastTime()))
                .append(" (waiting ")
                .append(org.kfm.breakglass.session.DurationText.format(
                        p.waiting().isNegative() ? Duration.ZERO : p.waiting().withNanos(0)))
                .append(") operator ")
                .append(o == null ? "unknown" : o.osUser() + "@" + o.host() + " / " + o.kubeUser())
                .append(s.abandoned() ? ", abandoned" : "");
        if (j != null) {
            line.append(", ticket ").append(j.ticket()).append(": ").append(j.reason());
        }
        p.selfReviews().forEach(r -> line.append("\n    ").append(r));
        return line.toString();
    }

    /** Sealed sessions without a review that counts, oldest first. */
    public static List<Reviews.Pending> pending(AfterSession after, Optional<Path> journalDir, Duration olderThan)
            throws SessionFailure {
        var journal = JournalSessions.read(journalDir.orElse(after.auditDir()));
        return Reviews.pending(journal.events(), after.clock().instant(), olderThan);
    }
}
