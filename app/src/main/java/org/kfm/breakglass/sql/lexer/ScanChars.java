package org.kfm.breakglass.sql.lexer;

/**
 * scan.l's character classes, on Java chars. Every char from U+0080 up is encoded in UTF-8 as bytes 0x80–0xFF,
 * which scan.l counts as identifier characters, so here every such char is one too (U+2003, U+FEFF included).
 * Whitespace is scan.l's short list, not {@link Character#isWhitespace}.
 */
final class ScanChars {
    private static final String OP_CHARS = "~!@#^&|`?+-*/%<>=";
    /** Characters whose presence lets a multi-char operator end in {@code +} or {@code -}. */
    private static final String NON_SQL_OP_CHARS = "~!@#^&|`?%";

    private ScanChars() {}

    /** {@code space}: {@code [ \t\n\r\f]}, plus {@code \v} from PostgreSQL 16 on. */
    static boolean isSpace(char c, LexerSettings settings) {
        return c == ' '
                || c == '\t'
                || c == '\n'
                || c == '\r'
                || c == '\f'
                || (c == 0x0B && settings.verticalTabIsSpace());
    }

    /** {@code newline}: {@code [\n\r]} — both end a {@code --} comment. */
    static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    /** {@code ident_start}: {@code [A-Za-z\200-\377_]}. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** {@code ident_cont}: {@code [A-Za-z\200-\377_0-9\$]}. */
    static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    /** {@code dolq_start}: an identifier start; a tag never starts with a digit and never holds a {@code $}. */
    static boolean isDollarTagStart(char c) {
        return isIdentStart(c);
    }

    /** {@code dolq_cont}: {@code [A-Za-z\200-\377_0-9]}. */
    static boolean isDollarTagCont(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code op_chars}: the characters an operator is made of. */
    static boolean isOpChar(char c) {
        return OP_CHARS.indexOf(c) >= 0;
    }

    static boolean isNonSqlOpChar(char c) {
        return NON_SQL_OP_CHARS.indexOf(c) >= 0;
    }
}
