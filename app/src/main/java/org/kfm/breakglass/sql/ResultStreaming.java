package org.kfm.breakglass.sql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a result set row by row into a {@link RowSink}, hashing every value's server text form, and stops after
 * the row limit. Values handed on never expose {@code java.sql} types, so other packages need not import them.
 *
 * <p>Each cell is read once: its DataRow bytes go to the {@link ResultDigest} as they are, and its
 * {@link CellDecoder} (chosen per column) turns the same bytes into the sink's value. Round trips follow
 * {@link FetchSizing}: the first with the caller's fetch size, later ones sized by what the rows weigh.
 */
final class ResultStreaming {

    private ResultStreaming() {}

    static QueryOutcome stream(ResultSet rs, long maxRows, RowSink sink, long startedNanos) throws SQLException {
        try (rs) {
            var meta = rs.getMetaData();
            var columns = columns(meta);
            var decoders = new CellDecoder[columns.size()];
            for (int i = 0; i < decoders.length; i++) {
                // pgjdbc answers getColumnType and getObject from its built-in type table; for any other type
                // (geometry, void, uuid, interval, an enum, …) either would cost a catalog query by type name that
                // the server logs as a statement of the session's own, which reconciliation rightly flags.
                var column = columns.get(i);
                decoders[i] = CellDecoder.knownToPgjdbc(column)
                        ? CellDecoder.of(column, meta.getColumnType(i + 1))
                        : CellDecoder.of(column, Types.NULL);
            }
            sink.columns(columns);
            var digest = new ResultDigest();
            var fetch = new FetchSizing(rs.getFetchSize(), decoders.length);
            long rows = 0;
            boolean truncated = false;
            while (rs.next()) {
                if (maxRows > 0 && rows == maxRows) {
                    truncated = true;
                    break;
                }
                long rowBytes = row(rs, decoders, digest, sink);
                rows++;
                int next = fetch.afterRow(rowBytes);
                if (next > 0) {
                    // Takes effect at the next round trip, which starts right after this batch's last row.
                    rs.setFetchSize(next);
                }
            }
            var names = columns.stream().map(ResultColumn::name).toList();
            return new QueryOutcome(rows, elapsedMs(startedNanos), null, names, digest.finish(), truncated);
        }
    }

    /**
     * One row into the digest and the sink; returns the row's server text bytes. A method of its own, so the JIT
     * compiles it early and whole in a short-lived CLI instead of replacing the running loop on the stack.
     */
    private static long row(ResultSet rs, CellDecoder[] decoders, ResultDigest digest, RowSink sink)
            throws SQLException {
        var values = new Object[decoders.length];
        long rowBytes = 0;
        for (int i = 0; i < decoders.length; i++) {
            var text = decoders[i].serverText(rs, i + 1);
            digest.addServerText(text);
            if (text != null) {
                rowBytes += text.length;
                values[i] = decoders[i].value(rs, i + 1, text);
            }
        }
        sink.row(Arrays.asList(values));
        return rowBytes;
    }

    static QueryOutcome updateCount(long count, long startedNanos) {
        return new QueryOutcome(
                Math.max(count, 0), elapsedMs(startedNanos), null, List.of(), new ResultDigest().finish(), false);
    }

    private static List<ResultColumn> columns(ResultSetMetaData meta) throws SQLException {
        var columns = new ArrayList<ResultColumn>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            var type = baseTypeName(meta.getColumnTypeName(i));
            columns.add(new ResultColumn(
                    meta.getColumnLabel(i), type, type.equals("geometry") || type.equals("geography")));
        }
        return List.copyOf(columns);
    }

    /** pgjdbc names types outside the search path as {@code "schema"."type"}; the bare name is what we match. */
    private static String baseTypeName(String name) {
        var bare = name.substring(name.lastIndexOf('.') + 1);
        return bare.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    private static double elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000.0;
    }
}
