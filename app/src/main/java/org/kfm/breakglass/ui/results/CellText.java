package org.kfm.breakglass.ui.results;

/** How a value is shown in a table cell: NULL is distinct, long values are elided (full text in the detail pane). */
public final class CellText {
    public static final int MAX_CELL_CHARS = 120;

    private CellText() {}

    public static String full(Object value) {
        return value == null ? "NULL" : String.valueOf(value);
    }

    public static String cell(Object value) {
        String s = full(value).replace('\n', ' ').replace('\r', ' ');
        return s.length() > MAX_CELL_CHARS ? s.substring(0, MAX_CELL_CHARS - 1) + "…" : s;
    }

    /** Tab-separated, for the clipboard (NULL as empty, like psql's unaligned output). */
    public static String clipboard(Object value) {
        return value == null ? "" : String.valueOf(value).replace('\t', ' ');
    }
}
