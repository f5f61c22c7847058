package org.kfm.breakglass.sql;

/**
 * One statement of a script.
 *
 * @param sql the statement text, without the terminating semicolon and without leading comments
 * @param startOffset offset of {@code sql} in the script (for highlighting)
 * @param cls its pgaudit class
 * @param reason why it got that class, in words for the operator
 */
public record ClassifiedStatement(String sql, int startOffset, StatementClass cls, String reason) {}
