package org.kfm.breakglass.sql;

import java.io.Writer;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * CSV through Jackson's streaming generator, byte for byte what {@code psql --csv} prints but for the empty
 * string, which psql cannot tell from NULL: header row, a field quoted only when it needs it (and {@code \.}
 * always), NULL as an empty field, the empty string quoted ({@code ""}, as COPY … CSV writes it), every cell the
 * server's text. Rows go out as the generator's buffer fills, not one flush per row; {@link #finish()} flushes the
 * rest. A result without columns has no CSV form and writes nothing (its row count is in the statement report).
 */
final class CsvResultWriter extends ResultWriter {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            // Quote only what needs it, as psql and COPY do (without it Jackson quotes every string over 24 chars).
            // In this mode Jackson ignores ALWAYS_QUOTE_EMPTY_STRINGS: writeText quotes the empty string itself.
            .enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private JsonGenerator csv;

    CsvResultWriter(Writer out, GeometryForm geometryForm) {
        super(out, geometryForm);
    }

    @Override
    protected void begin() {
        if (columns.isEmpty()) {
            return;
        }
        var schema = CsvSchema.builder().setUseHeader(true);
        uniqueNames().forEach(schema::addColumn);
        csv = MAPPER.writer(schema.build()).createGenerator(out);
    }

    @Override
    protected void writeRow(List<Object> values) {
        if (csv == null) {
            return;
        }
        csv.writeStartArray();
        for (var value : values) {
            switch (value) {
                case null -> csv.writeNull();
                // Jackson writes an integer's digits straight into its buffer, which is the server's text of an
                // int2/int4/int8 too: no String per cell for the commonest key column.
                case Integer i -> csv.writeNumber(i);
                case Long l -> csv.writeNumber(l);
                default -> writeText(cells.of(value));
            }
        }
        csv.writeEndArray();
    }

    /**
     * The empty string as {@code ""}, apart from NULL's empty field (as COPY … CSV writes them; psql cannot), and
     * {@code \.} always quoted, as psql does: alone on a line it is COPY FROM's end-of-data marker, so a
     * one-column export holding it would end a reload early (COPY quotes it only in a one-column row).
     */
    private void writeText(String text) {
        if (text.isEmpty()) {
            csv.writeRawValue("\"\"");
        } else if (text.equals("\\.")) {
            csv.writeRawValue("\"\\.\"");
        } else {
            csv.writeString(text);
        }
    }

    @Override
    protected void end() {
        if (csv != null) {
            csv.flush();
        }
    }
}
