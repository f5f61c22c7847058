package org.kfm.breakglass.ui.results;

/** One statement's text and where it starts in the editor (so server error positions map back). */
public record Statement(String sql, int start) {

    public int end() {
        return start + sql.length();
    }

    /**
     * Maps PostgreSQL's 1-based error position within this statement to an editor offset; {@code -1} when the
     * server gave none.
     */
    public int editorOffset(int position) {
        if (position <= 0) {
            return -1;
        }
        return start + Math.min(position - 1, Math.max(0, sql.length() - 1));
    }
}
