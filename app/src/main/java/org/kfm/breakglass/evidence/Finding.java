package org.kfm.breakglass.evidence;

/**
 * One thing a reconciliation found.
 *
 * @param place     where in the server log ({@code pod:line}), or null
 * @param journalEi the journal event index it is about, or null
 */
public record Finding(Severity severity, Kind kind, String text, String place, Long journalEi) {

    /** How much it weighs: FAIL makes the verdict {@code fail}, WARN {@code warn}; INFO only informs. */
    public enum Severity {
        FAIL,
        WARN,
        INFO
    }

    /** What was found. */
    public enum Kind {
        /** The server ran a statement of the session's backends that the journal has no {@code query.begin} for. */
        UNJOURNALED,
        /** A line of the session's backends that reads more than one way (a crafted name in the prefix). */
        AMBIGUOUS_LINE,
        /** A journaled statement the server has no record of. */
        NOT_RUN,
        /** A journaled statement that failed before reaching the server, and is absent as expected. */
        NOT_SENT,
        /** Row counts differ between the journal and pgaudit. */
        ROWS_DIFFER,
        /** pgaudit's statement ids of a backend have gaps: statements ran that pgaudit did not log. */
        UNLOGGED,
        /** A pgaudit record of the session's backends that could not be read. */
        UNREADABLE_RECORD,
        /** The log does not cover the whole session window. */
        LOG_INCOMPLETE,
        /** Lines of the log that are not entries of the expected format. */
        UNRECOGNIZED_LINES,
        /** Backends of the shared role that do not claim the session (shared credentials only). */
        UNATTRIBUTED
    }
}
