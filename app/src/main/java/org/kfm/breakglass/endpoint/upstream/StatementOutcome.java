package org.kfm.breakglass.endpoint.upstream;

import java.util.List;

/** How a begun statement ended. */
public sealed interface StatementOutcome {

    /**
     * It ran: the server's CommandComplete tag (null when the client closed a suspended portal early), rows
     * returned or affected, COPY bytes, the result's columns and SHA-256 (over the values as sent: for text
     * results the same as the console's {@code resultSha256}), and its duration.
     */
    record Completed(
            String tag, long rows, long copyBytes, List<String> columns, String resultSha256, double durationMs)
            implements StatementOutcome {
        public Completed {
            columns = List.copyOf(columns);
        }
    }

    /** The server refused or aborted it ({@code query.failed}). */
    record Failed(String sqlstate, String message, long rows, double durationMs) implements StatementOutcome {}

    /** It was sent but never ran: an earlier statement of the same message failed, or the connection ended. */
    record NotRun(String reason) implements StatementOutcome {}
}
