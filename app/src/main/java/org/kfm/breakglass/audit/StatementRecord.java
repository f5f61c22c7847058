package org.kfm.breakglass.audit;

import java.util.List;

/**
 * A SQL statement as journaled on {@code query.*}. On {@code query.begin} only {@code sql} and
 * {@code sqlClass} are known; the other members are filled on {@code query.end}/{@code query.failed}.
 * {@code sqlClass} is written as {@code "class"}. Null members are omitted.
 *
 * @param resultSha256 hex SHA-256 over the result as the sql layer defines it (lets a reviewer confirm an export)
 */
public record StatementRecord(
        String sql,
        String sqlClass,
        Long rows,
        Double durationMs,
        String sqlstate,
        List<String> columns,
        String resultSha256,
        String error) {

    public StatementRecord {
        columns = columns == null ? null : List.copyOf(columns);
    }

    /** What is known before the statement is sent. */
    public static StatementRecord before(String sql, String sqlClass) {
        return new StatementRecord(sql, sqlClass, null, null, null, null, null, null);
    }
}
