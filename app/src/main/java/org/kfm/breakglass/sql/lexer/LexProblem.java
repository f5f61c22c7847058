package org.kfm.breakglass.sql.lexer;

/**
 * Something PostgreSQL's scanner would reject, so the server would refuse the whole statement.
 *
 * @param offset where in the lexed text (0-based)
 * @param message the server's wording where there is one, e.g. {@code unterminated quoted string}
 */
public record LexProblem(int offset, String message) {}
