package org.kfm.breakglass.evidence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What comparing a session's journal with the server's log found: the verdict, what it rests on (selection,
 * window, sources), the counts, every finding, and for each journaled statement where the server shows it.
 */
public record ReconciliationReport(
        UUID session,
        Verdict verdict,
        String reason,
        String selection,
        Instant from,
        Instant to,
        List<String> sources,
        Counts counts,
        List<Finding> findings,
        List<Match> matches) {

    public ReconciliationReport {
        sources = List.copyOf(sources);
        findings = List.copyOf(findings);
        matches = List.copyOf(matches);
    }

    /** The outcome, with the name it has in the journal. */
    public enum Verdict {
        CLEAN("clean"),
        WARN("warn"),
        FAIL("fail"),
        NOT_RECONCILED("not-reconciled");

        private final String wireName;

        Verdict(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param serverStatements statements the session's backends ran (distinct per backend, statement id and text)
     * @param console          of those, the console's own (known by text)
     * @param subStatements    of those, statements inside a journaled statement (a function's body)
     */
    public record Counts(
            long serverStatements,
            long matched,
            long console,
            long subStatements,
            long unjournaled,
            long notRun,
            long denied,
            long rowMismatches) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * A journaled statement and the server's record of it.
     *
     * @param explained the server ran it as {@code EXPLAIN (FORMAT TEXT) …} (the console's EXPLAIN)
     */
    public record Match(
            long journalEi,
            String sql,
            String place,
            String backend,
            Long journalRows,
            Long serverRows,
            boolean explained) {}

    /** A report that compared nothing, saying why. */
    static ReconciliationReport notReconciled(
            UUID session, String reason, String selection, Instant from, Instant to, List<String> sources) {
        return new ReconciliationReport(
                session,
                Verdict.NOT_RECONCILED,
                "not reconciled: " + reason,
                selection,
                from,
                to,
                sources,
                Counts.NONE,
                List.of(),
                List.of());
    }
}
