package org.kfm.breakglass.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.CheckResult;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.audit.Seal;

/**
 * One session as its journal events tell it: who, what, when, which pods, the preflight, every statement with its
 * outcome, the exports, and how it closed. What reconciliation, the evidence pack and the review work from.
 *
 * @param targets  the targets its events carried, in order, without repeats (a reconnect to a new pod adds one)
 * @param ended    the time of {@code session.end} or {@code session.abandoned}
 * @param lastTime the time of its last event
 */
public record SessionHistory(
        UUID session,
        Instant started,
        Optional<Instant> ended,
        Instant lastTime,
        Operator operator,
        AuditJustification justification,
        List<AuditTarget> targets,
        List<AuditJustification> elevations,
        List<CheckResult> preflight,
        List<JournaledStatement> statements,
        List<AuditEvent> exports,
        Optional<Seal> seal,
        boolean abandoned,
        List<AuditEvent> events) {

    public SessionHistory {
        targets = List.copyOf(targets);
        elevations = List.copyOf(elevations);
        preflight = List.copyOf(preflight);
        statements = List.copyOf(statements);
        exports = List.copyOf(exports);
        events = List.copyOf(events);
    }

    /** The first target (the one the session started with). */
    public AuditTarget target() {
        return targets.isEmpty() ? null : targets.getFirst();
    }

    public boolean sealed() {
        return seal.isPresent();
    }

    /**
     * Every session of a journal, in the order they started.
     *
     * @param events events in chain order, as {@code JournalReader} reads them; events of no session are skipped
     */
    public static Map<UUID, SessionHistory> all(List<AuditEvent> events) {
        var bySession = new LinkedHashMap<UUID, List<AuditEvent>>();
        for (var e : events) {
            if (e.session() != null) {
                bySession.computeIfAbsent(e.session(), k -> new ArrayList<>()).add(e);
            }
        }
        var out = new LinkedHashMap<UUID, SessionHistory>();
        bySession.forEach((id, list) -> {
            if (list.getFirst().type() == EventType.SESSION_START) {
                out.put(id, of(id, list));
            }
        });
        return out;
    }

    /**
     * @param events the session's events in chain order, starting with its {@code session.start}
     * @throws IllegalArgumentException when they do not start with the session's start
     */
    public static SessionHistory of(UUID session, List<AuditEvent> events) {
        if (events.isEmpty() || events.getFirst().type() != EventType.SESSION_START) {
            throw new IllegalArgumentException("the journal holds no session.start for session " + session
                    + " (a partial journal, or another journal's session): pass the directory that holds it");
        }
        var start = events.getFirst();
        var targets = new ArrayList<AuditTarget>();
        var elevations = new ArrayList<AuditJustification>();
        var preflight = new ArrayList<CheckResult>();
        var exports = new ArrayList<AuditEvent>();
        var statements = new StatementPairing();
        Instant ended = null;
        Seal seal = null;
        boolean abandoned = false;
        for (var e : events) {
            if (e.target() != null && !targets.contains(e.target())) {
                targets.add(e.target());
            }
            switch (e.type()) {
                case SESSION_ELEVATE -> elevations.add(e.justification());
                case SESSION_PREFLIGHT -> preflight.addAll(e.checks() == null ? List.of() : e.checks());
                case EXPORT -> exports.add(e);
                case QUERY_BEGIN, QUERY_END, QUERY_FAILED, QUERY_DENIED -> statements.add(e);
                case SESSION_END -> ended = e.time();
                case SESSION_ABANDONED -> {
                    ended = e.time();
                    abandoned = true;
                }
                case JOURNAL_SEAL -> seal = e.seal();
                default -> {}
            }
        }
        return new SessionHistory(
                session,
                start.time(),
                Optional.ofNullable(ended),
                events.getLast().time(),
                start.operator(),
                start.justification(),
                targets,
                elevations,
                preflight,
                statements.result(),
                exports,
                Optional.ofNullable(seal),
                abandoned,
                events);
    }

    /** Pairs each {@code query.begin} with the outcome that follows it; a refusal without a begin stands alone. */
    private static final class StatementPairing {
        private final List<JournaledStatement> done = new ArrayList<>();
        private AuditEvent open;

        void add(AuditEvent e) {
            var s = e.stmt();
            switch (e.type()) {
                case QUERY_BEGIN -> {
                    closeOpen();
                    open = e;
                }
                case QUERY_END, QUERY_FAILED -> {
                    var begin = open != null ? open : e;
                    open = null;
                    done.add(new JournaledStatement(
                            begin.ei(),
                            begin.time(),
                            s == null ? sqlOf(begin) : s.sql(),
                            s == null ? null : s.sqlClass(),
                            e.type() == EventType.QUERY_END
                                    ? JournaledStatement.Outcome.ENDED
                                    : JournaledStatement.Outcome.FAILED,
                            s == null ? null : s.rows(),
                            s == null ? null : s.durationMs(),
                            s == null ? null : s.sqlstate(),
                            s == null ? null : s.error(),
                            s == null ? null : s.resultSha256(),
                            s == null ? null : s.columns()));
                }
                case QUERY_DENIED -> {
                    // A begin whose audit could not be completed is followed by its denial: it was never sent.
                    var begin = open != null && s != null && s.sql().equals(sqlOf(open)) ? open : e;
                    if (begin == open) {
                        open = null;
                    }
                    done.add(new JournaledStatement(
                            begin.ei(),
                            begin.time(),
                            s == null ? null : s.sql(),
                            s == null ? null : s.sqlClass(),
                            JournaledStatement.Outcome.DENIED,
                            null,
                            null,
                            null,
                            e.detail(),
                            null,
                            null));
                }
                default -> throw new IllegalStateException(e.type().toString());
            }
        }

        private void closeOpen() {
            if (open != null) {
                var s = open.stmt();
                done.add(new JournaledStatement(
                        open.ei(),
                        open.time(),
                        sqlOf(open),
                        s == null ? null : s.sqlClass(),
                        JournaledStatement.Outcome.NO_OUTCOME,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
                open = null;
            }
        }

        private static String sqlOf(AuditEvent e) {
            return e.stmt() == null ? null : e.stmt().sql();
        }

        List<JournaledStatement> result() {
            closeOpen();
            return done;
        }
    }
}
