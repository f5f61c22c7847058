package org.kfm.breakglass.session;

import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.sql.lexer.TokenKind;

/**
 * The checks on SQL text before anything is done with it — before the CLI opens a journal or a tunnel, before the
 * engine journals {@code query.begin}: there must be a statement (not only whitespace and comments), no NUL
 * (PostgreSQL's protocol cannot carry one), no unpaired UTF-16 surrogate (Java would send it as {@code ?}, which
 * the server reads as an operator), and no more than the policy's {@code session.maxScriptBytes} of UTF-8.
 */
public final class SubmittedSql {
    /** The default cap on one submitted script: 1 MiB of UTF-8. */
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024L;

    private SubmittedSql() {}

    /**
     * Refuses text that cannot or should not be sent.
     *
     * @throws SessionFailure of kind USAGE, saying what is wrong and what to do
     */
    public static void check(String text, long maxBytes) throws SessionFailure {
        if (text == null || text.isEmpty()) {
            throw usage(
                    SqlStates.SYNTAX_ERROR,
                    "nothing to run: the SQL text is empty; give a statement with --sql or --file");
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw usage(
                        SqlStates.CHARACTER_NOT_IN_REPERTOIRE,
                        "the SQL text holds a NUL character (U+0000) at character " + position(text, i)
                                + ": PostgreSQL cannot receive it; remove it (text cannot hold a NUL; a bytea can, written"
                                + " '\\x00'::bytea)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw usage(
                        SqlStates.CHARACTER_NOT_IN_REPERTOIRE,
                        "the SQL text holds an unpaired UTF-16 surrogate (U+"
                                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                                + ") at character " + position(text, i)
                                + ": it cannot be encoded as UTF-8 and would reach the server as '?'; fix the text's encoding");
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > maxBytes) {
            throw usage(
                    SqlStates.PROGRAM_LIMIT_EXCEEDED,
                    "the SQL text is " + bytes + " bytes, over the limit of " + maxBytes
                            + " bytes per submission (policy session.maxScriptBytes): split the script, or raise the limit"
                            + " in the policy");
        }
        var lexed = SqlLexer.lex(text);
        if (lexed.significant().isEmpty()) {
            throw usage(
                    SqlStates.SYNTAX_ERROR,
                    lexed.problems().isEmpty()
                            ? "nothing to run: the SQL text holds only whitespace and comments"
                            : "nothing to run: the SQL text holds only comments ("
                                    + lexed.problems().get(0).message() + ")");
        }
        if (lexed.significant().stream().allMatch(t -> t.kind() == TokenKind.SEMICOLON)) {
            throw usage(SqlStates.SYNTAX_ERROR, "nothing to run: the SQL text holds no statement, only semicolons");
        }
    }

    private static int position(String text, int index) {
        return text.codePointCount(0, index) + 1;
    }

    private static SessionFailure usage(String sqlstate, String message) {
        return new SessionFailure(SessionFailure.Kind.USAGE, sqlstate, message, null);
    }
}
