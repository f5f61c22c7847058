package org.kfm.breakglass.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import tools.jackson.core.exc.JacksonIOException;

/**
 * A {@link RowSink} that renders a result into a {@link Writer} in one {@link ResultFormat}. Pass it to
 * {@link DatabaseLink#execute}, then call {@link #finish()}. Geometry values are written in a {@link GeometryForm}:
 * by default hex EWKB in CSV and JSON lines (the server's bytes, as psql prints them), EWKT in the table; the
 * GeoJSON format makes the first one each feature's geometry. I/O errors surface as {@link UncheckedIOException} from the sink methods, because
 * {@link RowSink} cannot throw checked exceptions; {@code execute} then rolls back.
 */
public abstract sealed class ResultWriter implements RowSink
        permits TableResultWriter, CsvResultWriter, JsonLinesResultWriter, GeoJsonResultWriter {

    protected final Writer out;
    /** Cell values as text, one renderer per writer. */
    protected final CellText cells;

    protected List<ResultColumn> columns = List.of();

    protected ResultWriter(Writer out, GeometryForm geometryForm) {
        this.out = out;
        this.cells = new CellText(geometryForm);
    }

    /** A writer for {@code format} into {@code out} (not closed by this writer), geometry in the format's default. */
    public static ResultWriter of(ResultFormat format, Writer out) {
        return of(format, GeometryForm.defaultFor(format), out);
    }

    /** A writer for {@code format} that writes geometry cells in {@code geometryForm}. */
    public static ResultWriter of(ResultFormat format, GeometryForm geometryForm, Writer out) {
        return switch (format) {
            case TABLE -> new TableResultWriter(out, geometryForm);
            case CSV -> new CsvResultWriter(out, geometryForm);
            case JSON_LINES -> new JsonLinesResultWriter(out, geometryForm);
            case GEOJSON -> new GeoJsonResultWriter(out, geometryForm);
        };
    }

    @Override
    public void columns(List<ResultColumn> columns) {
        this.columns = List.copyOf(columns);
        run(this::begin);
    }

    @Override
    public void row(List<Object> values) {
        // No lambda per row (run(…) allocates one): this is called for every row of the result.
        try {
            writeRow(values);
        } catch (IOException e) {
            throw failed(e);
        } catch (JacksonIOException e) {
            throw failed(e.getCause());
        }
    }

    /** Writes whatever is buffered plus any trailer, and flushes. */
    public void finish() throws IOException {
        try {
            end();
        } catch (JacksonIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    protected abstract void begin() throws IOException;

    protected abstract void writeRow(List<Object> values) throws IOException;

    protected abstract void end() throws IOException;

    /** Column names made unique ({@code id}, {@code id_2}) so JSON objects and CSV headers keep every column. */
    protected List<String> uniqueNames() {
        var seen = new HashSet<String>();
        var names = new ArrayList<String>();
        for (var column : columns) {
            var name = column.name();
            for (int n = 2; !seen.add(name); n++) {
                name = column.name() + "_" + n;
            }
            names.add(name);
        }
        return names;
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void run(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            throw failed(e);
        } catch (JacksonIOException e) {
            // Jackson's generators report the Writer's IOException unchecked; callers expect it as I/O.
            throw failed(e.getCause());
        }
    }

    private static UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("writing the result failed: " + e.getMessage(), e);
    }
}
