package org.kfm.breakglass.sql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.postgresql.util.PGobject;

/**
 * Reads a result set row by row into a {@link RowSink}, hashing every value's server text form, and stops after
 * the row limit. Values handed on never expose {@code java.sql} types, so other packages need not import them.
 */
final class ResultStreaming {

    private ResultStreaming() {}

    static QueryOutcome stream(ResultSet rs, long maxRows, RowSink sink, long startedNanos) throws SQLException {
        try (rs) {
            var columns = columns(rs.getMetaData());
            sink.columns(columns);
            var digest = new ResultDigest();
            int width = columns.size();
            long rows = 0;
            boolean truncated = false;
            while (rs.next()) {
                if (maxRows > 0 && rows == maxRows) {
                    truncated = true;
                    break;
                }
                var values = new Object[width];
                for (int i = 0; i < width; i++) {
                    var text = rs.getString(i + 1);
                    digest.add(text);
                    values[i] = text == null ? null : value(rs, i + 1, columns.get(i), text);
                }
                sink.row(Arrays.asList(values));
                rows++;
            }
            var names = columns.stream().map(ResultColumn::name).toList();
            return new QueryOutcome(rows, elapsedMs(startedNanos), null, names, digest.finish(), truncated);
        }
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

    private static Object value(ResultSet rs, int index, ResultColumn column, String text) throws SQLException {
        if (column.spatial()) {
            return new EwkbValue(text, column.pgType());
        }
        return switch (column.pgType()) {
            case "timestamp" -> rs.getObject(index, LocalDateTime.class);
            case "timestamptz" -> rs.getObject(index, OffsetDateTime.class);
            case "date" -> rs.getObject(index, LocalDate.class);
            case "time" -> rs.getObject(index, LocalTime.class);
            case "timetz" -> rs.getObject(index, OffsetTime.class);
            default -> plain(rs.getObject(index), text);
        };
    }

    private static Object plain(Object value, String text) {
        if (value instanceof Number
                || value instanceof String
                || value instanceof Boolean
                || value instanceof byte[]
                || value instanceof java.util.UUID) {
            return value;
        }
        // PGobject (json, interval, ranges, …), java.sql.Array, SQLXML and the like: the server's text form.
        return value instanceof PGobject pg && pg.getValue() != null ? pg.getValue() : text;
    }

    private static double elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000.0;
    }
}
