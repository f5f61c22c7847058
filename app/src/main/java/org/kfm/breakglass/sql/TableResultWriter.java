package org.kfm.breakglass.sql;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Aligned text table; NULL is {@code ∅} so it cannot be mistaken for the text {@code NULL}. */
final class TableResultWriter extends ResultWriter {

    static final String NULL_MARK = "∅";

    private final List<String[]> rows = new ArrayList<>();

    TableResultWriter(Writer out) {
        super(out);
    }

    @Override
    protected void begin() {}

    @Override
    protected void writeRow(List<Object> values) {
        var cells = new String[values.size()];
        for (int i = 0; i < cells.length; i++) {
            var text = CellText.of(values.get(i));
            // One physical line per row: newlines and tabs inside values are shown escaped.
            cells[i] = text == null
                    ? NULL_MARK
                    : text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        }
        rows.add(cells);
    }

    @Override
    protected void end() throws IOException {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(columns.get(i).name());
        }
        for (var row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        var header = new String[widths.length];
        var rule = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
            header[i] = columns.get(i).name();
            rule[i] = "-".repeat(widths[i]);
        }
        line(header, widths, " | ");
        line(rule, widths, "-+-");
        for (var row : rows) {
            line(row, widths, " | ");
        }
        out.write("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)") + "\n");
    }

    private void line(String[] cells, int[] widths, String separator) throws IOException {
        var text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(cells[i]);
            if (i < cells.length - 1) {
                text.append(" ".repeat(widths[i] - width(cells[i])));
            }
        }
        out.write(text.append('\n').toString());
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
