package org.kfm.breakglass.session;

import java.time.Duration;

/**
 * How to run a statement: statement timeout (null = the session's), fetch size for streaming, an optional row
 * limit (0 = none; when hit, the outcome says so — never a silent cap), and whether to EXPLAIN instead.
 */
public record RunOptions(Duration statementTimeout, int fetchSize, long maxRows, boolean explain) {
    public static RunOptions defaults() {
        return new RunOptions(null, 1000, 0, false);
    }

    public RunOptions withStatementTimeout(Duration timeout) {
        return new RunOptions(timeout, fetchSize, maxRows, explain);
    }

    public RunOptions explained() {
        return new RunOptions(statementTimeout, fetchSize, maxRows, true);
    }
}
