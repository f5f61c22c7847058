package org.kfm.breakglass.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.evidence.Finding.Kind;
import org.kfm.breakglass.evidence.Finding.Severity;
import org.kfm.breakglass.evidence.ServerExecutions.Execution;
import org.kfm.breakglass.evidence.ServerExecutions.Status;
import org.kfm.breakglass.evidence.serverlog.ServerLog;
import org.kfm.breakglass.evidence.serverlog.ServerStatement;
import org.kfm.breakglass.text.TerminalText;

/**
 * Compares a session's journal with what the server's log says the session's backends ran, statement by
 * statement (docs/decisions/0014).
 *
 * <p>Every execution of the session's backends must be accounted for: matched one to one with a journaled
 * statement of the same text (the console sends exactly the text it journals, or {@code EXPLAIN (FORMAT TEXT)} in
 * front of it), the console's own ({@link ConsoleStatements}, by exact text), or a substatement of a matched
 * statement (a function body pgaudit numbers under it). What is left ran with the session's credentials but not
 * through the console: FAIL. A journaled statement that should have reached the server but has no record is a WARN
 * (the log may be incomplete; the statement may have been lost); refused ones ({@code query.denied}) are expected
 * absent. The selected backends are not cut to the session's window: a per-session role belongs to the session
 * whenever it is used. Anything that keeps the comparison from meaning something — no log, no times, no pgaudit,
 * no record at all of a session that ran statements — is "not reconciled", never clean.
 */
public final class Reconciler {

    /** The default allowance for the difference between the workstation's clock and the server's. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(2);

    private static final int TEXT_IN_FINDING = 300;

    private final Duration skew;

    public Reconciler(Duration clockSkew) {
        this.skew = clockSkew;
    }

    public ReconciliationReport reconcile(
            SessionHistory session, BackendSelection selection, ConsoleStatements console, ServerLogAccess access) {
        Instant from = session.started().minus(skew);
        Instant end = session.ended().orElse(session.lastTime());
        Instant to = end.plus(skew);
        if (access instanceof ServerLogAccess.Unavailable u) {
            return ReconciliationReport.notReconciled(
                    session.session(), u.reason(), selection.describe(), from, to, List.of());
        }
        var logs = ((ServerLogAccess.Read) access).logs();
        var sources = logs.stream()
                .map(l -> l.source() + " (" + l.lines() + " lines)")
                .toList();
        var unusable = unusable(session, selection, logs, end);
        if (unusable != null) {
            return ReconciliationReport.notReconciled(
                    session.session(), unusable, selection.describe(), from, to, sources);
        }
        var findings = new ArrayList<Finding>();
        coverage(session, logs, end, findings);
        var selected = new ArrayList<ServerStatement>();
        var unattributed = new HashSet<String>();
        for (var log : logs) {
            for (var s : log.statements()) {
                if (selection.selects(s)) {
                    selected.add(s);
                } else if (selection.unattributed(s) && within(s.time(), from, to)) {
                    unattributed.add(s.source() + " " + s.backend());
                }
            }
            if (log.unrecognized() > 0) {
                findings.add(new Finding(
                        Severity.INFO,
                        Kind.UNRECOGNIZED_LINES,
                        log.unrecognized() + " line(s) of " + log.source() + " are not log entries of the expected"
                                + " format (first: " + escape(String.join(" | ", log.unrecognizedSamples())) + ")",
                        null,
                        null));
            }
        }
        for (var s : selected) {
            if (s.kind() == ServerStatement.Kind.AMBIGUOUS) {
                findings.add(new Finding(
                        Severity.FAIL,
                        Kind.AMBIGUOUS_LINE,
                        "a line of the session's backends reads more than one way — a client-chosen name holds log"
                                + " syntax, so what it says cannot be established: " + excerpt(s.text()),
                        s.place(),
                        null));
            } else if (s.kind() == ServerStatement.Kind.UNREADABLE) {
                findings.add(new Finding(
                        Severity.WARN,
                        Kind.UNREADABLE_RECORD,
                        "a pgaudit record of the session's backends could not be read (" + s.error() + "): "
                                + excerpt(s.text()),
                        s.place(),
                        null));
            }
        }
        var executions = ServerExecutions.of(selected.stream()
                .filter(s -> s.kind() == ServerStatement.Kind.AUDITED || s.kind() == ServerStatement.Kind.FAILED)
                .toList());
        var journal = session.statements();
        if (executions.isEmpty() && journal.stream().anyMatch(JournaledStatement::reachedServer)) {
            return ReconciliationReport.notReconciled(
                    session.session(),
                    "the server log has no record of any of the session's backends (" + selection.describe() + "),"
                            + " though the journal shows "
                            + journal.stream()
                                    .filter(JournaledStatement::reachedServer)
                                    .count()
                            + " statement(s) that reached the server: the log read is not the session's server's"
                            + " (another pod), its lines are gone, or pgaudit does not log this database",
                    selection.describe(),
                    from,
                    to,
                    sources);
        }
        var matches = match(executions, journal, console);
        long rowMismatches = compareRows(matches, findings);
        long unjournaled = flagUnjournaled(executions, journal, findings);
        long notRun = flagNotRun(journal, matches, findings);
        gaps(selected, findings);
        lineGaps(logs, selection, findings);
        if (!unattributed.isEmpty()) {
            findings.add(new Finding(
                    Severity.INFO,
                    Kind.UNATTRIBUTED,
                    unattributed.size() + " other backend(s) of the shared role were active during the session and"
                            + " do not claim it; with shared credentials they cannot be told apart from other sessions"
                            + " or from misuse (credentials: per-session gives every session its own role)",
                    null,
                    null));
        }
        var counts = new ReconciliationReport.Counts(
                executions.size(),
                count(executions, Status.MATCHED),
                count(executions, Status.CONSOLE),
                count(executions, Status.SUB),
                unjournaled,
                notRun,
                journal.stream()
                        .filter(j -> j.outcome() == JournaledStatement.Outcome.DENIED)
                        .count(),
                rowMismatches);
        var verdict = verdict(findings);
        return new ReconciliationReport(
                session.session(),
                verdict,
                reason(verdict, counts, findings)
                        + (selection instanceof BackendSelection.ClaimedApplicationName
                                ? "; backends were picked by the application_name they claim (shared credentials):"
                                        + " a client of the shared role under another name is not seen"
                                : ""),
                selection.describe(),
                from,
                to,
                sources,
                counts,
                findings,
                matches);
    }

    /** Why the logs cannot be compared at all, or null. */
    private String unusable(SessionHistory session, BackendSelection selection, List<ServerLog> logs, Instant end) {
        if (logs.isEmpty() || logs.stream().allMatch(l -> l.entries() == 0)) {
            return "the server log is empty" + (logs.isEmpty() ? " (no log was read)" : "");
        }
        if (logs.stream().allMatch(l -> l.first().isEmpty())) {
            return "the server log's lines carry no time (add %m to log_line_prefix), so the session's window cannot"
                    + " be found in it";
        }
        if (logs.stream().mapToLong(ServerLog::auditRecords).sum() == 0) {
            return "the server log holds no pgaudit records: pgaudit is not loaded or logs nothing"
                    + " (shared_preload_libraries = 'pgaudit', pgaudit.log = 'read, write, function, role, ddl, misc')";
        }
        var all = logs.stream().flatMap(l -> l.statements().stream()).toList();
        if (selection instanceof BackendSelection.PerSessionRole && all.stream().allMatch(s -> s.user() == null)) {
            return "the server log does not say which role ran a statement (add %u to log_line_prefix)";
        }
        if (selection instanceof BackendSelection.ClaimedApplicationName
                && all.stream().allMatch(s -> s.application() == null)) {
            return "the server log does not carry application_name (add %a to log_line_prefix)";
        }
        var first = logs.stream()
                .flatMap(l -> l.first().stream())
                .min(Instant::compareTo)
                .orElseThrow();
        if (first.isAfter(end.plus(skew))) {
            return "the server log starts at " + first + ", after the session ended at " + end
                    + ": its lines for the session are gone (log rotation, or the pod was replaced)";
        }
        return null;
    }

    private void coverage(SessionHistory session, List<ServerLog> logs, Instant end, List<Finding> findings) {
        var first = logs.stream()
                .flatMap(l -> l.first().stream())
                .min(Instant::compareTo)
                .orElseThrow();
        var last = logs.stream()
                .flatMap(l -> l.last().stream())
                .max(Instant::compareTo)
                .orElseThrow();
        if (first.isAfter(session.started().plus(skew))) {
            findings.add(new Finding(
                    Severity.WARN,
                    Kind.LOG_INCOMPLETE,
                    "the server log starts at " + first + ", "
                            + Duration.between(session.started(), first).toSeconds()
                            + " s after the session started: the beginning of the session is not in it (log rotation,"
                            + " or a restarted pod)",
                    null,
                    null));
        }
        if (last.isBefore(end.minus(skew))) {
            findings.add(new Finding(
                    Severity.WARN,
                    Kind.LOG_INCOMPLETE,
                    "the server log ends at " + last + ", "
                            + Duration.between(last, end).toSeconds()
                            + " s before the session ended: the end of the session is not in it",
                    null,
                    null));
        }
    }

    /** Pairs executions with journaled statements, one to one, in order; marks the console's own. */
    private static List<ReconciliationReport.Match> match(
            List<Execution> executions, List<JournaledStatement> journal, ConsoleStatements console) {
        Map<String, Deque<JournaledStatement>> waiting = new HashMap<>();
        for (var j : journal) {
            if (j.outcome() != JournaledStatement.Outcome.DENIED && j.sql() != null) {
                waiting.computeIfAbsent(j.sql(), k -> new ArrayDeque<>()).add(j);
            }
        }
        var matches = new ArrayList<ReconciliationReport.Match>();
        for (var e : executions) {
            var j = take(waiting, e.text);
            if (j == null && e.text.startsWith(ConsoleStatements.EXPLAIN_PREFIX)) {
                j = take(waiting, e.text.substring(ConsoleStatements.EXPLAIN_PREFIX.length()));
                e.explained = j != null;
            }
            if (j != null) {
                e.status = Status.MATCHED;
                e.journal = j;
                matches.add(new ReconciliationReport.Match(
                        j.ei(), j.sql(), e.first.place(), e.first.backend(), j.rows(), e.rows, e.explained));
            } else if (console.known(e.text)) {
                e.status = Status.CONSOLE;
            }
        }
        var matchedGroups = new HashSet<String>();
        executions.stream().filter(e -> e.status == Status.MATCHED).forEach(e -> matchedGroups.add(e.group));
        for (var e : executions) {
            if (e.status == Status.UNJOURNALED && e.substatement() && matchedGroups.contains(e.group)) {
                e.status = Status.SUB;
            }
        }
        matches.sort(java.util.Comparator.comparingLong(ReconciliationReport.Match::journalEi));
        return matches;
    }

    private static JournaledStatement take(Map<String, Deque<JournaledStatement>> waiting, String text) {
        var q = waiting.get(text);
        return q == null || q.isEmpty() ? null : q.removeFirst();
    }

    private static long compareRows(List<ReconciliationReport.Match> matches, List<Finding> findings) {
        long mismatches = 0;
        for (var m : matches) {
            if (m.explained() || m.journalRows() == null || m.serverRows() == null) {
                continue;
            }
            long journal = m.journalRows();
            long server = m.serverRows();
            if (journal == server) {
                continue;
            }
            mismatches++;
            boolean fewerRead = journal < server;
            findings.add(new Finding(
                    fewerRead ? Severity.INFO : Severity.WARN,
                    Kind.ROWS_DIFFER,
                    "the journal has " + journal + " row(s) for ei " + m.journalEi() + ", pgaudit " + server
                            + (fewerRead
                                    ? " (the console stops reading at its row limit or on cancel)"
                                    : ": the console recorded more rows than the server produced")
                            + ": " + excerpt(m.sql()),
                    m.place(),
                    m.journalEi()));
        }
        return mismatches;
    }

    private static long flagUnjournaled(
            List<Execution> executions, List<JournaledStatement> journal, List<Finding> findings) {
        long n = 0;
        for (var e : executions) {
            if (e.status != Status.UNJOURNALED) {
                continue;
            }
            n++;
            var s = e.first;
            var denied = journal.stream()
                    .filter(j -> j.outcome() == JournaledStatement.Outcome.DENIED && e.text.equals(j.sql()))
                    .findFirst();
            findings.add(new Finding(
                    Severity.FAIL,
                    Kind.UNJOURNALED,
                    "the server ran " + (s.audit() == null ? "" : s.audit().auditClass() + " ")
                            + (e.error != null ? "(and failed: " + escape(e.error) + ") " : "") + excerpt(e.text)
                            + " as " + s.user() + " (application " + escape(String.valueOf(s.application()))
                            + ", " + s.backend() + ", at " + s.time() + ") with no query.begin in the journal:"
                            + " something used the session's credentials outside the console"
                            + denied.map(j -> "; the journal has this text as query.denied (ei " + j.ei()
                                            + "), which the console never sends")
                                    .orElse(""),
                    s.place(),
                    denied.map(JournaledStatement::ei).orElse(null)));
        }
        return n;
    }

    private static long flagNotRun(
            List<JournaledStatement> journal, List<ReconciliationReport.Match> matches, List<Finding> findings) {
        var matched = new HashSet<Long>();
        matches.forEach(m -> matched.add(m.journalEi()));
        long notRun = 0;
        for (var j : journal) {
            if (j.outcome() == JournaledStatement.Outcome.DENIED || matched.contains(j.ei())) {
                continue;
            }
            if (j.reachedServer()) {
                notRun++;
                findings.add(new Finding(
                        Severity.WARN,
                        Kind.NOT_RUN,
                        "the journal has query.begin (ei " + j.ei() + ", "
                                + j.outcome().name().toLowerCase() + ") for " + excerpt(j.sql())
                                + " but the server has no record of it",
                        null,
                        j.ei()));
            } else {
                findings.add(new Finding(
                        Severity.INFO,
                        Kind.NOT_SENT,
                        "ei " + j.ei() + " failed before it reached the server (" + escape(j.error())
                                + "); absent as expected",
                        null,
                        j.ei()));
            }
        }
        return notRun;
    }

    /** pgaudit numbers every top-level statement of a backend, logged or not: a gap is a statement not logged. */
    private static void gaps(List<ServerStatement> selected, List<Finding> findings) {
        var ids = new HashMap<String, java.util.TreeSet<Long>>();
        var firstPlace = new HashMap<String, String>();
        for (var s : selected) {
            if (s.kind() == ServerStatement.Kind.AUDITED) {
                String backend = s.source() + " " + s.backend();
                ids.computeIfAbsent(backend, k -> new java.util.TreeSet<>())
                        .add(s.audit().statementId());
                firstPlace.putIfAbsent(backend, s.place());
            }
        }
        ids.forEach((backend, set) -> {
            long missing = 0;
            long expected = 1;
            var ranges = new ArrayList<String>();
            for (long id : set) {
                if (id > expected) {
                    missing += id - expected;
                    if (ranges.size() < 5) {
                        ranges.add(id - 1 == expected ? Long.toString(expected) : expected + "–" + (id - 1));
                    }
                }
                expected = id + 1;
            }
            if (missing > 0) {
                findings.add(new Finding(
                        Severity.WARN,
                        Kind.UNLOGGED,
                        missing + " statement(s) of " + backend + " are not in the log (pgaudit statement id(s) "
                                + String.join(", ", ranges) + (ranges.size() == 5 ? ", …" : "") + "): they ran before"
                                + " the log's first line, or in a class pgaudit.log leaves out",
                        firstPlace.get(backend),
                        null));
            }
        });
    }

    /** The server numbers each backend's log lines ({@code %l}): a missing number is a missing line. */
    private static void lineGaps(List<ServerLog> logs, BackendSelection selection, List<Finding> findings) {
        boolean anyMarks = false;
        for (var log : logs) {
            var lines = new java.util.TreeMap<String, java.util.TreeSet<Long>>();
            for (var m : log.marks()) {
                anyMarks = true;
                if (selection.selects(m.user(), m.application())) {
                    lines.computeIfAbsent(m.backend(), k -> new java.util.TreeSet<>())
                            .add(m.sessionLine());
                }
            }
            lines.forEach((backend, set) -> {
                long before = set.first() - 1;
                long between = set.last() - set.first() + 1 - set.size();
                if (before > 0 || between > 0) {
                    findings.add(new Finding(
                            Severity.WARN,
                            Kind.LOG_INCOMPLETE,
                            log.source() + ": "
                                    + (between > 0
                                            ? between + " log line(s) of " + backend
                                                    + " are missing between its first and last line in the log"
                                            : "")
                                    + (between > 0 && before > 0 ? "; " : "")
                                    + (before > 0
                                            ? "its first " + before + " log line(s) are not in the log (it began"
                                                    + " before the log's first line)"
                                            : "")
                                    + " — the server numbers every line of a session (%l), so lines were cut, lost"
                                    + " or removed",
                            null,
                            null));
                }
            });
        }
        if (!anyMarks) {
            findings.add(new Finding(
                    Severity.INFO,
                    Kind.LOG_INCOMPLETE,
                    "the log lines carry no session line number (add %l to log_line_prefix): lines removed from the"
                            + " log cannot be noticed",
                    null,
                    null));
        }
    }

    private static ReconciliationReport.Verdict verdict(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.severity() == Severity.FAIL)) {
            return ReconciliationReport.Verdict.FAIL;
        }
        if (findings.stream().anyMatch(f -> f.severity() == Severity.WARN)) {
            return ReconciliationReport.Verdict.WARN;
        }
        return ReconciliationReport.Verdict.CLEAN;
    }

    private static String reason(
            ReconciliationReport.Verdict verdict, ReconciliationReport.Counts c, List<Finding> findings) {
        return switch (verdict) {
            case FAIL ->
                findings.stream().filter(f -> f.severity() == Severity.FAIL).count()
                        + " finding(s) that the session's credentials were used outside the console";
            case WARN ->
                findings.stream().filter(f -> f.severity() == Severity.WARN).count()
                        + " warning(s); nothing ran outside the console as far as the log shows";
            case CLEAN ->
                "all " + c.serverStatements() + " statement(s) of the session's backends are journaled ("
                        + c.matched() + "), the console's own (" + c.console() + ") or inside a journaled one ("
                        + c.subStatements() + "); every journaled statement that reached the server is in the log";
            case NOT_RECONCILED -> throw new IllegalStateException();
        };
    }

    private static long count(List<Execution> executions, Status status) {
        return executions.stream().filter(e -> e.status == status).count();
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return t == null || (!t.isBefore(from) && !t.isAfter(to));
    }

    /** Statements are shown escaped and cut, with how much is left out. */
    static String excerpt(String sql) {
        if (sql == null) {
            return "«»";
        }
        String text = escape(sql).replace("\n", "\\n").replace("\t", "\\t");
        if (text.length() <= TEXT_IN_FINDING) {
            return "«" + text + "»";
        }
        return "«" + text.substring(0, TEXT_IN_FINDING) + "… [+" + (text.length() - TEXT_IN_FINDING) + " characters]»";
    }

    private static String escape(String text) {
        return text == null ? "" : TerminalText.escape(text);
    }
}
