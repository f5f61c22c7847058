package org.kfm.breakglass.sql.lexer;

/** What a {@link Token} is, in scan.l's terms. */
public enum TokenKind {
    /** A run of scan.l's {@code space} characters. */
    WHITESPACE,
    /** {@code -- …} up to (not including) the next CR or LF, or a nested {@code /* … *\/}. */
    COMMENT,
    /** An unquoted identifier or keyword; its value is ASCII-folded to lower case and truncated to 63 bytes. */
    IDENTIFIER,
    /** {@code "…"} or {@code U&"…"} (with its {@code UESCAPE} clause); the value is the decoded name. */
    QUOTED_IDENTIFIER,
    /** {@code '…'}, {@code E'…'}, {@code N'…'}, {@code U&'…'} (with its {@code UESCAPE} clause). */
    STRING,
    /** {@code B'…'} or {@code X'…'}. */
    BIT_STRING,
    /** {@code $$…$$} or {@code $tag$…$tag$}. */
    DOLLAR_STRING,
    NUMBER,
    /** {@code $1}, {@code $2}, … */
    PARAMETER,
    /** Operators and operator-like tokens: {@code +}, {@code ::}, {@code <=}, {@code ->>}, … */
    OPERATOR,
    OPEN_PAREN,
    CLOSE_PAREN,
    OPEN_BRACKET,
    CLOSE_BRACKET,
    COMMA,
    SEMICOLON,
    DOT,
    COLON,
    /** Any other single character (scan.l's {@code other}), e.g. {@code $} not starting a quote, {@code \}. */
    OTHER
}
