package org.kfm.breakglass.sql;

import java.time.Duration;

/**
 * Per-statement execution options.
 *
 * @param fetchSize rows of the first round trip (pgjdbc cursor); later round trips are sized by what the rows weigh
 *     ({@link FetchSizing}); must be positive
 * @param maxRows rows delivered before the result is cut off and marked truncated; 0 = unlimited
 * @param statementTimeout this statement's timeout ({@code SET LOCAL}); null = the link's default
 */
public record QueryOptions(int fetchSize, long maxRows, Duration statementTimeout) {

    public static final int DEFAULT_FETCH_SIZE = 1000;

    public QueryOptions {
        if (fetchSize <= 0) {
            throw new IllegalArgumentException("fetchSize must be positive, was " + fetchSize);
        }
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be 0 (unlimited) or positive, was " + maxRows);
        }
        if (statementTimeout != null && statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must not be negative: " + statementTimeout);
        }
    }

    /** First fetch 1000 rows, no row limit, the link's timeout. */
    public static QueryOptions defaults() {
        return new QueryOptions(DEFAULT_FETCH_SIZE, 0, null);
    }

    public QueryOptions withMaxRows(long rows) {
        return new QueryOptions(fetchSize, rows, statementTimeout);
    }

    public QueryOptions withStatementTimeout(Duration timeout) {
        return new QueryOptions(fetchSize, maxRows, timeout);
    }

    public QueryOptions withFetchSize(int size) {
        return new QueryOptions(size, maxRows, statementTimeout);
    }
}
