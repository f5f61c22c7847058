package org.kfm.breakglass.evidence;

import java.time.Instant;
import java.util.List;

/**
 * One statement as the session's journal tells it: its {@code query.begin} (or {@code query.denied}) and the outcome
 * that followed it.
 *
 * @param ei       the event index of its {@code query.begin} (of its {@code query.denied} when it was refused outright)
 * @param outcome  how the journal says it ended
 * @param rows     rows returned or affected, from {@code query.end}
 * @param error    the server's (or the console's) message, from {@code query.failed}; the refusal for denied ones
 */
public record JournaledStatement(
        long ei,
        Instant time,
        String sql,
        String sqlClass,
        Outcome outcome,
        Long rows,
        Double durationMs,
        String sqlstate,
        String error,
        String resultSha256,
        List<String> columns) {

    public JournaledStatement {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** What the journal says became of a statement. */
    public enum Outcome {
        /** {@code query.end}: it ran. */
        ENDED,
        /** {@code query.failed}: the server (or the console) refused it after {@code query.begin}. */
        FAILED,
        /** {@code query.denied}: the console refused it before sending. */
        DENIED,
        /** {@code query.begin} with nothing after it: the console stopped while it ran. */
        NO_OUTCOME
    }

    /**
     * Whether the server must have seen it: it ran, or it failed with a server error (a failure with no SQLSTATE is
     * the console's own — not sent, or a dropped connection — except the read-only alarm, which fires after the
     * statement ran).
     */
    public boolean reachedServer() {
        return switch (outcome) {
            case ENDED, NO_OUTCOME -> true;
            case DENIED -> false;
            case FAILED ->
                (sqlstate != null && !sqlstate.startsWith("08"))
                        || (error != null && error.contains("integrity alarm"));
        };
    }
}
