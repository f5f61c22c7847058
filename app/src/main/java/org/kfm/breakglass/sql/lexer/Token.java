package org.kfm.breakglass.sql.lexer;

import java.util.Locale;

/**
 * One token of SQL text as PostgreSQL's scanner sees it, with its place in the text.
 *
 * @param kind what it is
 * @param start offset of its first char in the lexed text
 * @param end offset after its last char
 * @param text the source text, {@code text.substring(start, end)}
 * @param value what the server makes of it: the folded/decoded name of an identifier, the decoded contents of a
 *     string (null when the server would reject them), the source text otherwise
 */
public record Token(TokenKind kind, int start, int end, String text, String value) {

    /** Everything but whitespace and comments. */
    public boolean significant() {
        return kind != TokenKind.WHITESPACE && kind != TokenKind.COMMENT;
    }

    /** True for an unquoted identifier that is {@code keyword} (case-insensitive, as scan.l's keyword lookup). */
    public boolean is(String keyword) {
        return kind == TokenKind.IDENTIFIER && value.equalsIgnoreCase(keyword);
    }

    /** The upper-cased keyword of an unquoted identifier; empty for anything else. */
    public String word() {
        return kind == TokenKind.IDENTIFIER ? value.toUpperCase(Locale.ROOT) : "";
    }

    /** The name an identifier resolves to (unquoted: folded; quoted: exact), or null for other tokens. */
    public String name() {
        return kind == TokenKind.IDENTIFIER || kind == TokenKind.QUOTED_IDENTIFIER ? value : null;
    }
}
