package org.kfm.breakglass.sql;

/**
 * One statement of a script, as the console will send it.
 *
 * @param sql the statement text, without the terminating semicolon and without leading or trailing comments:
 *     exactly the text sent to the server
 * @param startOffset offset of {@code sql} in the script (for highlighting)
 * @param cls its pgaudit class
 * @param reason why it got that class, in words for the operator
 * @param unsendable why it must not be sent in any mode — the server's scanner would reject it, or pgjdbc would
 *     not send exactly this text as one statement — or null when it may be sent
 */
public record ClassifiedStatement(String sql, int startOffset, StatementClass cls, String reason, String unsendable) {

    /** True when neither PostgreSQL's scanner nor pgjdbc's parser would make something else of it. */
    public boolean sendable() {
        return unsendable == null;
    }
}
