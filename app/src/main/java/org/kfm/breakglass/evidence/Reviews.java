package org.kfm.breakglass.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.audit.SessionReview;

/**
 * Who reviewed which session, and which still wait ({@code audit pending}). A review is a {@code session.review}
 * event of no session, journaled through the audit trail after the reviewed session's seal (docs/decisions/0014).
 * The session's own operator may not review it: a review is the second pair of eyes on a break-glass session, so a
 * review whose reviewer shares the operator's Kubernetes user, or OS user on the same host, is refused when drafted
 * and does not count when read back.
 */
public final class Reviews {

    public static final Set<String> VERDICTS = Set.of("legitimate", "drill", "misuse");

    /** A sealed session that no one else has reviewed. {@code overdue}: it ended longer ago than the limit. */
    public record Pending(SessionHistory session, Duration waiting, boolean overdue, List<String> selfReviews) {
        public Pending {
            selfReviews = List.copyOf(selfReviews);
        }
    }

    private Reviews() {}

    /**
     * The {@code session.review} to journal ({@code AuditTrail.recordAfterSession(draft, reviewer)}).
     *
     * @param evidenceSha256 the SHA-256 of the evidence pack's manifest the reviewer looked at, if any
     * @throws IllegalArgumentException saying what is wrong: the verdict, an empty note, a session not sealed, the
     *                                  reviewer being the session's operator, a malformed evidence hash
     */
    public static EventDraft draft(
            SessionHistory reviewed, Operator reviewer, String verdict, String note, Optional<String> evidenceSha256) {
        if (!VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException("verdict '" + verdict + "' is not one of legitimate, drill, misuse");
        }
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("a review says why (--note): what was checked, what was found");
        }
        if (!reviewed.sealed()) {
            throw new IllegalArgumentException("session " + reviewed.session()
                    + " is not sealed: review it once it has ended (an abandoned one is sealed at the next start)");
        }
        if (samePerson(reviewed.operator(), reviewer)) {
            throw new IllegalArgumentException("you ran session " + reviewed.session() + " ("
                    + describe(reviewed.operator()) + "): a break-glass session is reviewed by someone else");
        }
        if (evidenceSha256.isPresent() && !evidenceSha256.get().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "the evidence hash is the pack's manifest SHA-256 (64 lowercase hex digits), as evidence verify"
                            + " prints it");
        }
        return EventDraft.of(EventType.SESSION_REVIEW)
                .withReview(new SessionReview(reviewed.session(), verdict, note, evidenceSha256.orElse(null)));
    }

    /** The reviews of each session that count (not by its own operator), in journal order. */
    public static Map<UUID, List<AuditEvent>> valid(List<AuditEvent> events, Map<UUID, SessionHistory> sessions) {
        var out = new LinkedHashMap<UUID, List<AuditEvent>>();
        for (var e : events) {
            if (e.type() != EventType.SESSION_REVIEW || e.review() == null) {
                continue;
            }
            var s = sessions.get(e.review().session());
            if (s != null
                    && !reviewedBySelf(s, e)
                    && VERDICTS.contains(e.review().verdict())) {
                out.computeIfAbsent(s.session(), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /**
     * Sealed sessions with no valid review, oldest first.
     *
     * @param events    a journal's events in chain order ({@code JournalReader})
     * @param olderThan a session is overdue once it ended longer ago than this
     */
    public static List<Pending> pending(List<AuditEvent> events, Instant now, Duration olderThan) {
        var sessions = SessionHistory.all(events);
        var reviewed = valid(events, sessions);
        var out = new ArrayList<Pending>();
        for (var s : sessions.values()) {
            if (!s.sealed() || reviewed.containsKey(s.session())) {
                continue;
            }
            var self = new ArrayList<String>();
            for (var e : events) {
                if (e.type() == EventType.SESSION_REVIEW
                        && e.review() != null
                        && s.session().equals(e.review().session())
                        && reviewedBySelf(s, e)) {
                    self.add("seq " + e.seq() + ": a review by the session's own operator (" + describe(e.operator())
                            + ") does not count");
                }
            }
            var waiting = Duration.between(s.ended().orElse(s.lastTime()), now);
            out.add(new Pending(s, waiting, waiting.compareTo(olderThan) > 0, self));
        }
        return out;
    }

    private static boolean reviewedBySelf(SessionHistory s, AuditEvent review) {
        return samePerson(s.operator(), review.operator());
    }

    /**
     * The same Kubernetes user, or the same OS user on the same host: either makes the reviewer the operator. A
     * reviewer who is not identified at all counts as the operator (an anonymous review proves nothing).
     */
    static boolean samePerson(Operator a, Operator b) {
        if (b == null || (b.kubeUser() == null && b.osUser() == null)) {
            return true;
        }
        if (a == null) {
            return false;
        }
        boolean sameKube = a.kubeUser() != null && Objects.equals(a.kubeUser(), b.kubeUser());
        boolean sameLogin =
                a.osUser() != null && Objects.equals(a.osUser(), b.osUser()) && Objects.equals(a.host(), b.host());
        return sameKube || sameLogin;
    }

    private static String describe(Operator o) {
        return o == null ? "unknown" : o.osUser() + "@" + o.host() + ", Kubernetes user " + o.kubeUser();
    }
}
