package org.kfm.breakglass.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.kfm.breakglass.sql.GeometryForm;
import org.kfm.breakglass.sql.ResultColumn;
import org.kfm.breakglass.sql.ResultFormat;
import org.kfm.breakglass.sql.ResultWriter;
import org.kfm.breakglass.sql.RowSink;

/**
 * Runs SQL in a session and writes each statement's result in a text format (table, csv, json lines, geojson),
 * streaming rows to the writer as they arrive. For the CLI and for exports.
 */
public final class ResultFormatting {
    private ResultFormatting() {}

    public static List<StatementReport> runAndPrint(
            BreakGlassSession session, String sql, RunOptions options, String format, Writer out)
            throws SessionFailure {
        return runAndPrint(session, sql, options, format, null, out);
    }

    /**
     * As {@link #runAndPrint(BreakGlassSession, String, RunOptions, String, Writer)}, with geometry cells in the
     * form {@code geometry} names ({@code ewkb}, {@code ewkt}, {@code wkt}, {@code geojson}); null for the
     * format's default (hex EWKB in csv/json, EWKT in the table).
     */
    public static List<StatementReport> runAndPrint(
            BreakGlassSession session, String sql, RunOptions options, String format, String geometry, Writer out)
            throws SessionFailure {
        var resultFormat = parse(format);
        var sink = new PerStatementWriter(resultFormat, geometryForm(resultFormat, geometry), out);
        try {
            return session.perform(new RunScript(sql, options, sink));
        } catch (UncheckedIOException e) {
            session.cancel();
            throw new SessionFailure(SessionFailure.Kind.USAGE, "cannot write the result: " + e.getMessage(), e);
        } finally {
            sink.finish();
        }
    }

    /**
     * Writes rows the operator already has on screen to a file (the GUI's export). Geometry values arrive as hex
     * EWKB text, as the result delivered them.
     */
    public static void export(
            String format, List<ResultReceiver.ColumnInfo> columns, List<List<Object>> rows, java.nio.file.Path file)
            throws SessionFailure, IOException {
        var resultColumns = columns.stream()
                .map(c -> new ResultColumn(c.name(), c.pgType(), c.spatial()))
                .toList();
        try (Writer out = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            ResultWriter writer = ResultWriter.of(parse(format), out);
            writer.columns(resultColumns);
            for (List<Object> row : rows) {
                var values = new java.util.ArrayList<Object>(row.size());
                for (int i = 0; i < row.size(); i++) {
                    Object value = row.get(i);
                    boolean spatial =
                            i < resultColumns.size() && resultColumns.get(i).spatial();
                    values.add(
                            spatial && value instanceof String hex
                                    ? new org.kfm.breakglass.sql.EwkbValue(
                                            hex, resultColumns.get(i).pgType())
                                    : value);
                }
                writer.row(values);
            }
            writer.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The formats {@code --format} accepts. */
    public static ResultFormat parse(String format) throws SessionFailure {
        return switch (format == null ? "" : format.toLowerCase(Locale.ROOT)) {
            case "table" -> ResultFormat.TABLE;
            case "csv" -> ResultFormat.CSV;
            case "json", "jsonl", "json-lines" -> ResultFormat.JSON_LINES;
            case "geojson" -> ResultFormat.GEOJSON;
            default ->
                throw new SessionFailure(
                        SessionFailure.Kind.USAGE, "unknown format '" + format + "': use table, csv, json or geojson");
        };
    }

    /**
     * The geometry form {@code --geometry} names for {@code format}, or the format's default when it names none.
     * GeoJSON's feature geometry is GeoJSON whatever is named; the form applies to its other geometry columns.
     */
    public static GeometryForm geometryForm(ResultFormat format, String geometry) throws SessionFailure {
        if (geometry == null) {
            return GeometryForm.defaultFor(format);
        }
        return GeometryForm.named(geometry)
                .orElseThrow(() -> new SessionFailure(
                        SessionFailure.Kind.USAGE,
                        "unknown geometry form '" + geometry + "': use ewkb (the server's hex, as psql prints it),"
                                + " ewkt, wkt or geojson"));
    }

    /** A fresh writer per statement of a script, so each result keeps its own header. */
    private static final class PerStatementWriter implements RowSink {
        private final ResultFormat format;
        private final GeometryForm geometryForm;
        private final Writer out;
        private ResultWriter current;

        PerStatementWriter(ResultFormat format, GeometryForm geometryForm, Writer out) {
            this.format = format;
            this.geometryForm = geometryForm;
            this.out = out;
        }

        @Override
        public void columns(List<ResultColumn> columns) {
            finish();
            current = ResultWriter.of(format, geometryForm, out);
            current.columns(columns);
        }

        @Override
        public void row(List<Object> values) {
            current.row(values);
        }

        void finish() {
            if (current != null) {
                try {
                    current.finish();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                current = null;
            }
        }
    }
}
