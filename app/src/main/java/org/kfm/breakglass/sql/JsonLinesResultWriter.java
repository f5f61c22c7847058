package org.kfm.breakglass.sql;

import java.io.Writer;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON object per row and line; numbers and booleans stay JSON numbers/booleans, NULL is null. Written with
 * Jackson's streaming generator straight into the output, not a map and a String per row.
 */
final class JsonLinesResultWriter extends ResultWriter {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Rows are separated by the line end each one writes, not by Jackson's default root separator (a space). */
    private static final ObjectWriter LINES = MAPPER.writer().withRootValueSeparator("");

    private List<String> names = List.of();
    private JsonGenerator json;

    JsonLinesResultWriter(Writer out, GeometryForm geometryForm) {
        super(out, geometryForm);
    }

    @Override
    protected void begin() {
        names = uniqueNames();
        json = LINES.createGenerator(out);
    }

    @Override
    protected void writeRow(List<Object> values) {
        json.writeStartObject();
        for (int i = 0; i < values.size(); i++) {
            json.writeName(names.get(i));
            writeValue(json, values.get(i), cells);
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    protected void end() {
        if (json != null) {
            json.flush();
        }
    }

    /** A cell as JSON: numbers and booleans as themselves, everything else as its {@link CellText}. */
    static void writeValue(JsonGenerator json, Object value, CellText cells) {
        switch (value) {
            case null -> json.writeNull();
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            case Double d -> json.writeNumber(d);
            case Boolean b -> json.writeBoolean(b);
            // BigDecimal, Float and any other Number: as the mapper serializes them.
            case Number n -> json.writePOJO(n);
            default -> json.writeString(cells.of(value));
        }
    }
}
