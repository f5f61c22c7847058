package org.kfm.breakglass.sql;

import java.io.Writer;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * CSV through Jackson's streaming generator: header row, NULL as an empty field, the empty string quoted
 * ({@code ""}). Rows go out as the generator's buffer fills, not one flush per row; {@link #finish()} flushes the
 * rest. A result without columns has no CSV form and writes nothing (its row count is in the statement report).
 */
final class CsvResultWriter extends ResultWriter {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvWriteFeature.ALWAYS_QUOTE_EMPTY_STRINGS)
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
                default -> csv.writeString(cells.of(value));
            }
        }
        csv.writeEndArray();
    }

    @Override
    protected void end() {
        if (csv != null) {
            csv.flush();
        }
    }
}
