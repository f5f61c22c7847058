package org.kfm.breakglass.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SQL statement as journaled on {@code query.*}. On {@code query.begin} only {@code sql} and
 * {@code sqlClass} are known (and, for a statement of an endpoint client, who sent it, how and with which
 * parameters); the other members are filled on {@code query.end}/{@code query.failed}. {@code sqlClass} is
 * written as {@code "class"}. Null members are omitted.
 *
 * @param resultSha256 hex SHA-256 over the result as the sql layer defines it (lets a reviewer confirm an export)
 * @param client the endpoint's id of the client connection that sent it (null for the console's own editor)
 * @param protocol {@code simple} (a Query message) or {@code extended} (Parse/Bind/Execute); null for the console
 * @param parameters the bound parameters of an extended-protocol statement as journaled (text, {@code \x} hex for
 *     binary, {@code sha256:…} when redacted or long); a null element is an SQL NULL
 * @param tag the server's CommandComplete tag ({@code SELECT 3}, {@code COPY 10})
 * @param copyBytes the bytes of COPY data the statement moved
 */
public record StatementRecord(
        String sql,
        String sqlClass,
        Long rows,
        Double durationMs,
        String sqlstate,
        List<String> columns,
        String resultSha256,
        String error,
        String client,
        String protocol,
        List<String> parameters,
        String tag,
        Long copyBytes) {

    public StatementRecord {
        columns = columns == null ? null : List.copyOf(columns);
        // SQL NULL parameters are null elements, which List.copyOf refuses.
        parameters = parameters == null ? null : Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    /** A statement of the console's own editor (no client, protocol, parameters, tag or COPY bytes). */
    public StatementRecord(
            String sql,
            String sqlClass,
            Long rows,
            Double durationMs,
            String sqlstate,
            List<String> columns,
            String resultSha256,
            String error) {
        this(sql, sqlClass, rows, durationMs, sqlstate, columns, resultSha256, error, null, null, null, null, null);
    }

    /** What is known before the statement is sent. */
    public static StatementRecord before(String sql, String sqlClass) {
        return new StatementRecord(sql, sqlClass, null, null, null, null, null, null);
    }

    /** An endpoint client's statement before it is forwarded. */
    public static StatementRecord fromClient(
            String sql, String sqlClass, String client, String protocol, List<String> parameters) {
        return new StatementRecord(
                sql, sqlClass, null, null, null, null, null, null, client, protocol, parameters, null, null);
    }
}
