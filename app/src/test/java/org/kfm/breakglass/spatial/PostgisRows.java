package org.kfm.breakglass.spatial;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads a geometry column's text output (hex EWKB, as the console receives it) from a real PostGIS. */
final class PostgisRows {
    private PostgisRows() {}

    /** Column 1 of the query as rows numbered 0, 1, 2… in result order. */
    static List<GeometryRow> fetch(Connection c, String sql) throws SQLException {
        var rows = new ArrayList<GeometryRow>();
        stream(c, sql, Integer.MAX_VALUE, rows::addAll);
        return rows;
    }

    /** Streams the result in batches, like the console's fetch-size streaming. */
    static void stream(Connection c, String sql, int batchSize, Consumer<List<GeometryRow>> sink) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
            st.setFetchSize(10_000);
            try (var rs = st.executeQuery(sql)) {
                var batch = new ArrayList<GeometryRow>();
                int row = 0;
                while (rs.next()) {
                    batch.add(new GeometryRow(row++, rs.getString(1)));
                    if (batch.size() == batchSize) {
                        sink.accept(List.copyOf(batch));
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    sink.accept(List.copyOf(batch));
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(autoCommit);
        }
    }

    static double[] doubles(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            int n = rs.getMetaData().getColumnCount();
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = rs.getDouble(i + 1);
            }
            return values;
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
