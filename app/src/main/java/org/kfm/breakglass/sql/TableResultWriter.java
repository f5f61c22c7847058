package org.kfm.breakglass.sql;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.text.TerminalText;

/**
 * Aligned text table for a terminal; NULL is {@code ∅} so it cannot be mistaken for the text {@code NULL}.
 *
 * <p>The table is printed on the operator's terminal, so every name and value is made safe for it: newline, CR
 * and tab show as {@code \n}, {@code \r}, {@code \t} (one physical line per row), and every other hidden
 * character — ESC, the C1 controls, bidi overrides, zero-width characters — as its {@link TerminalText} escape
 * (<code>&#92;u001b</code>), so a value cannot clear the screen, move the cursor, set the window title or reorder what
 * the operator reads. CSV and JSON are data and keep values exactly.
 *
 * <p>Its own bound: the column widths come from the first {@link #ALIGNED_ROWS} rows (or fewer, once they hold
 * {@link #ALIGNED_CHARS} characters), which are held until then; every later row is printed as it arrives in
 * those widths (a longer value widens only its own line). Memory stays bounded whatever the row count.
 */
final class TableResultWriter extends ResultWriter {

    static final String NULL_MARK = "∅";

    static final int ALIGNED_ROWS = 1000;

    static final long ALIGNED_CHARS = 1L << 20;

    private final List<String[]> held = new ArrayList<>();
    private long heldChars;
    private int[] widths;
    private long rows;

    TableResultWriter(Writer out, GeometryForm geometryForm) {
        super(out, geometryForm);
    }

    @Override
    protected void begin() {}

    @Override
    protected void writeRow(List<Object> values) throws IOException {
        var texts = new String[values.size()];
        for (int i = 0; i < texts.length; i++) {
            var text = cells.of(values.get(i));
            texts[i] = text == null ? NULL_MARK : terminalSafe(text);
        }
        rows++;
        if (widths != null) {
            line(texts, " | ");
            return;
        }
        held.add(texts);
        for (var text : texts) {
            heldChars += text.length();
        }
        if (held.size() >= ALIGNED_ROWS || heldChars >= ALIGNED_CHARS) {
            printHeld();
        }
    }

    @Override
    protected void end() throws IOException {
        if (widths == null) {
            printHeld();
        }
        out.write("(" + rows + (rows == 1 ? " row)" : " rows)") + "\n");
    }

    /** Fixes the widths from the rows held so far, prints the header and those rows, and holds nothing more. */
    private void printHeld() throws IOException {
        var header = new String[columns.size()];
        widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            header[i] = terminalSafe(columns.get(i).name());
            widths[i] = width(header[i]);
        }
        for (var row : held) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        var rule = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        line(header, " | ");
        line(rule, "-+-");
        for (var row : held) {
            line(row, " | ");
        }
        held.clear();
        heldChars = 0;
    }

    /** One physical line, nothing that drives a terminal. */
    static String terminalSafe(String text) {
        return TerminalText.escape(
                text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"));
    }

    private void line(String[] cells, String separator) throws IOException {
        var text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(cells[i]);
            if (i < cells.length - 1) {
                text.append(" ".repeat(Math.max(0, widths[i] - width(cells[i]))));
            }
        }
        out.write(text.append('\n').toString());
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
