package org.kfm.breakglass.ui.results;

/**
 * One statement's text and where it starts in the editor (so server error positions map back); {@code start} is
 * negative for a statement the console wrote itself (not in the editor).
 */
public record Statement(String sql, int start) {

    /** A statement the console wrote (a map re-query): its errors have no editor position. */
    public static Statement generated(String sql) {
        return new Statement(sql, -1);
    }

    public int end() {
        return start + sql.length();
    }

    /**
     * Maps PostgreSQL's 1-based error position within this statement to an editor offset; {@code -1} when the
     * server gave none.
     */
    public int editorOffset(int position) {
        if (position <= 0 || start < 0) {
            return -1;
        }
        return start + Math.min(position - 1, Math.max(0, sql.length() - 1));
    }
}
