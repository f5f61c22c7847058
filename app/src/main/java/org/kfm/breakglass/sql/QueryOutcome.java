package org.kfm.breakglass.sql;

import java.util.List;

/**
 * How a statement ended, for the audit record ({@code stmt.rows}, {@code durationMs}, {@code sqlstate},
 * {@code resultSha256}).
 *
 * @param rows rows delivered to the sink, or the update count for INSERT/UPDATE/DELETE/…
 * @param durationMs wall time from sending to the last row, in milliseconds
 * @param sqlstate null on success (failures are thrown as {@link SqlFailure})
 * @param columns column labels, empty for statements without a result set
 * @param resultSha256 lowercase hex SHA-256 of the delivered rows, see {@link ResultDigest}
 * @param truncated true when more rows existed than {@link QueryOptions#maxRows()} allowed
 */
public record QueryOutcome(
        long rows, double durationMs, String sqlstate, List<String> columns, String resultSha256, boolean truncated) {

    public QueryOutcome {
        columns = List.copyOf(columns);
    }
}
