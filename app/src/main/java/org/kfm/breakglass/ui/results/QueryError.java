package org.kfm.breakglass.ui.results;

/** A failed statement: SQLSTATE, the server's message, and the editor offset to mark ({@code -1}: none). */
public record QueryError(String sqlstate, String message, int editorOffset) {

    public static final String QUERY_CANCELED = "57014";
}
