package org.kfm.breakglass.sql;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/** CSV through Jackson: header row, NULL as an empty field, the empty string quoted ({@code ""}). */
final class CsvResultWriter extends ResultWriter {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvWriteFeature.ALWAYS_QUOTE_EMPTY_STRINGS)
            .build();

    private SequenceWriter sequence;

    CsvResultWriter(Writer out) {
        super(out);
    }

    @Override
    protected void begin() {
        var schema = CsvSchema.builder().setUseHeader(true);
        uniqueNames().forEach(schema::addColumn);
        sequence = MAPPER.writer(schema.build()).writeValues(out);
    }

    @Override
    protected void writeRow(List<Object> values) {
        var cells = new ArrayList<String>(values.size());
        values.forEach(value -> cells.add(CellText.of(value)));
        sequence.write(cells);
    }

    @Override
    protected void end() {
        if (sequence != null) {
            sequence.flush();
        }
    }
}
