package org.kfm.breakglass.sql;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** One JSON object per row and line; numbers and booleans stay JSON numbers/booleans, NULL is null. */
final class JsonLinesResultWriter extends ResultWriter {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private List<String> names = List.of();

    JsonLinesResultWriter(Writer out) {
        super(out);
    }

    @Override
    protected void begin() {
        names = uniqueNames();
    }

    @Override
    protected void writeRow(List<Object> values) throws IOException {
        out.write(MAPPER.writeValueAsString(properties(names, values, -1)));
        out.write('\n');
    }

    @Override
    protected void end() {}

    /** Row values as JSON-ready properties, skipping column {@code skip} (-1 for none). */
    static Map<String, Object> properties(List<String> names, List<Object> values, int skip) {
        var object = new LinkedHashMap<String, Object>();
        for (int i = 0; i < values.size(); i++) {
            if (i == skip) {
                continue;
            }
            var value = values.get(i);
            object.put(names.get(i), value instanceof Number || value instanceof Boolean ? value : CellText.of(value));
        }
        return object;
    }
}
