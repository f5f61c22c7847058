package org.kfm.breakglass.sql.lexer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's scanner ({@code src/backend/parser/scan.l}, plus the {@code UESCAPE} look-ahead of
 * {@code parser.c}) in Java, so the console sees statement text exactly as the server will: its whitespace set
 * (not {@link Character#isWhitespace}), {@code --} comments ending at CR or LF, nested block comments, every string
 * form with its escapes and newline continuation, dollar quotes with scan.l's tag rules, quoted and
 * Unicode-escaped identifiers, {@code standard_conforming_strings}, numbers, parameters and operators. What the
 * server's scanner would reject is reported as a {@link LexProblem}, never thrown.
 */
public final class SqlLexer {
    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    private final String text;
    private final LexerSettings settings;
    private List<Token> tokens = new ArrayList<>();
    private final List<LexProblem> problems = new ArrayList<>();
    private final java.util.Set<Integer> unicodeTokens = new java.util.HashSet<>();
    private final QuotedScanner quoted;

    private SqlLexer(String text, LexerSettings settings) {
        this.text = text;
        this.settings = settings;
        this.quoted = new QuotedScanner(text, settings, problems);
    }

    /** Lexes {@code text} as a server with {@code settings} would. */
    public static LexedText lex(String text, LexerSettings settings) {
        var lexer = new SqlLexer(text, settings);
        lexer.run();
        return new LexedText(text, lexer.tokens, lexer.problems);
    }

    /** Lexes {@code text} with {@link LexerSettings#defaults()}. */
    public static LexedText lex(String text) {
        return lex(text, LexerSettings.defaults());
    }

    private void run() {
        checkCharacters();
        int i = 0;
        while (i < text.length()) {
            i = next(i);
        }
        tokens = new UescapeClauses(tokens, unicodeTokens, problems, settings).resolve();
        problems.sort(java.util.Comparator.comparingInt(LexProblem::offset));
    }

    /** Characters the server can never receive as written. */
    private void checkCharacters() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                problems.add(new LexProblem(i, "NUL character: PostgreSQL cannot receive it"));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problems.add(new LexProblem(i, "unpaired UTF-16 surrogate: it would reach the server as '?'"));
            }
        }
    }

    private int next(int i) {
        char c = text.charAt(i);
        char c1 = charAt(i + 1);
        if (ScanChars.isSpace(c, settings)) {
            int j = i + 1;
            while (j < text.length() && ScanChars.isSpace(text.charAt(j), settings)) {
                j++;
            }
            return add(TokenKind.WHITESPACE, i, j);
        }
        if (c == '-' && c1 == '-') {
            return add(TokenKind.COMMENT, i, quoted.endOfLineComment(i));
        }
        if (c == '/' && c1 == '*') {
            return add(TokenKind.COMMENT, i, blockCommentEnd(i));
        }
        if (c1 == '\'') {
            switch (c) {
                case 'b', 'B', 'x', 'X' -> {
                    return add(TokenKind.BIT_STRING, quoted.string(i, i + 1, QuotedScanner.StringState.BITS), i);
                }
                case 'n', 'N' -> {
                    return add(TokenKind.STRING, quoted.string(i, i + 1, plainState()), i);
                }
                case 'e', 'E' -> {
                    return add(TokenKind.STRING, quoted.string(i, i + 1, QuotedScanner.StringState.ESCAPED), i);
                }
                default -> {}
            }
        }
        if ((c == 'u' || c == 'U') && c1 == '&' && (charAt(i + 2) == '\'' || charAt(i + 2) == '"')) {
            return unicodeLiteral(i);
        }
        if (c == '\'') {
            return add(TokenKind.STRING, quoted.string(i, i, plainState()), i);
        }
        if (c == '"') {
            var scanned = quoted.identifier(i, i);
            return add(TokenKind.QUOTED_IDENTIFIER, i, scanned.end(), truncated(scanned.value()));
        }
        if (c == '$') {
            return dollar(i);
        }
        if (ScanChars.isDigit(c) || (c == '.' && ScanChars.isDigit(c1))) {
            return add(TokenKind.NUMBER, i, new NumberScanner(text, settings, problems).end(i));
        }
        if (ScanChars.isIdentStart(c)) {
            int j = i + 1;
            while (j < text.length() && ScanChars.isIdentCont(text.charAt(j))) {
                j++;
            }
            return add(TokenKind.IDENTIFIER, i, j, truncated(asciiLower(text.substring(i, j))));
        }
        if (c == ':') {
            return c1 == ':' || c1 == '=' ? add(TokenKind.OPERATOR, i, i + 2) : add(TokenKind.COLON, i, i + 1);
        }
        if (c == '.') {
            return c1 == '.' ? add(TokenKind.OPERATOR, i, i + 2) : add(TokenKind.DOT, i, i + 1);
        }
        if (ScanChars.isOpChar(c)) {
            return add(TokenKind.OPERATOR, i, operatorEnd(i));
        }
        TokenKind single = switch (c) {
            case '(' -> TokenKind.OPEN_PAREN;
            case ')' -> TokenKind.CLOSE_PAREN;
            case '[' -> TokenKind.OPEN_BRACKET;
            case ']' -> TokenKind.CLOSE_BRACKET;
            case ',' -> TokenKind.COMMA;
            case ';' -> TokenKind.SEMICOLON;
            default -> TokenKind.OTHER;
        };
        return add(single, i, i + 1);
    }

    private QuotedScanner.StringState plainState() {
        return settings.standardConformingStrings()
                ? QuotedScanner.StringState.PLAIN
                : QuotedScanner.StringState.ESCAPED;
    }

    /** {@code U&'…'} or {@code U&"…"}: decoded once its {@code UESCAPE} clause, if any, is known. */
    private int unicodeLiteral(int i) {
        Token token;
        if (charAt(i + 2) == '\'') {
            if (!settings.standardConformingStrings()) {
                problems.add(new LexProblem(
                        i,
                        "unsafe use of string constant with Unicode escapes"
                                + " (standard_conforming_strings is off)"));
            }
            var scanned = quoted.string(i, i + 2, QuotedScanner.StringState.UNICODE);
            token = token(TokenKind.STRING, i, scanned.end(), scanned.value());
        } else {
            var scanned = quoted.identifier(i, i + 2);
            token = token(TokenKind.QUOTED_IDENTIFIER, i, scanned.end(), scanned.value());
        }
        unicodeTokens.add(tokens.size());
        tokens.add(token);
        return token.end();
    }

    /** {@code $tag$…$tag$}, a parameter {@code $n}, or a lone {@code $} (scan.l's {@code dolqfailed}). */
    private int dollar(int i) {
        char c1 = charAt(i + 1);
        if (c1 == '$') {
            return add(TokenKind.DOLLAR_STRING, quoted.dollar(i, "$$"), i);
        }
        if (ScanChars.isDollarTagStart(c1)) {
            int j = i + 2;
            while (j < text.length() && ScanChars.isDollarTagCont(text.charAt(j))) {
                j++;
            }
            if (charAt(j) == '$') {
                return add(TokenKind.DOLLAR_STRING, quoted.dollar(i, text.substring(i, j + 1)), i);
            }
            return add(TokenKind.OTHER, i, i + 1);
        }
        if (ScanChars.isDigit(c1)) {
            int j = i + 1;
            while (j < text.length() && ScanChars.isDigit(text.charAt(j))) {
                j++;
            }
            if (j < text.length() && ScanChars.isIdentStart(text.charAt(j))) {
                problems.add(new LexProblem(i, "trailing junk after parameter"));
            }
            return add(TokenKind.PARAMETER, i, j);
        }
        return add(TokenKind.OTHER, i, i + 1);
    }

    /** The end of a nested {@code /* … *\/} comment starting at {@code i}, or the text's end (a problem). */
    private int blockCommentEnd(int i) {
        int depth = 0;
        int j = i;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '/' && charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else if (c == '*') {
                int stars = j;
                while (stars < text.length() && text.charAt(stars) == '*') {
                    stars++;
                }
                if (charAt(stars) == '/') {
                    depth--;
                    j = stars + 1;
                    if (depth == 0) {
                        return j;
                    }
                } else {
                    j = stars;
                }
            } else {
                j++;
            }
        }
        problems.add(new LexProblem(i, "unterminated /* comment"));
        return text.length();
    }

    /**
     * scan.l's {@code operator} rule: the longest run of operator characters, cut before an embedded comment
     * start, and without trailing {@code +}/{@code -} unless the operator holds a character SQL operators lack.
     */
    private int operatorEnd(int i) {
        int j = i;
        while (j < text.length() && ScanChars.isOpChar(text.charAt(j))) {
            j++;
        }
        int length = j - i;
        for (int k = i + 1; k < j - 1; k++) {
            if ((text.charAt(k) == '/' && text.charAt(k + 1) == '*')
                    || (text.charAt(k) == '-' && text.charAt(k + 1) == '-')) {
                length = k - i;
                break;
            }
        }
        if (length > 1 && isPlusOrMinus(text.charAt(i + length - 1))) {
            boolean nonSql = false;
            for (int k = i; k < i + length - 1; k++) {
                nonSql |= ScanChars.isNonSqlOpChar(text.charAt(k));
            }
            if (!nonSql) {
                do {
                    length--;
                } while (length > 1 && isPlusOrMinus(text.charAt(i + length - 1)));
            }
        }
        return i + length;
    }

    private static boolean isPlusOrMinus(char c) {
        return c == '+' || c == '-';
    }

    private char charAt(int i) {
        return i < text.length() ? text.charAt(i) : '\uFFFF';
    }

    private int add(TokenKind kind, QuotedScanner.Scanned scanned, int start) {
        tokens.add(token(kind, start, scanned.end(), scanned.value()));
        return scanned.end();
    }

    private int add(TokenKind kind, int start, int end) {
        return add(kind, start, end, text.substring(start, end));
    }

    private int add(TokenKind kind, int start, int end, String value) {
        tokens.add(token(kind, start, end, value));
        return end;
    }

    private Token token(TokenKind kind, int start, int end, String value) {
        return new Token(kind, start, end, text.substring(start, end), value);
    }

    /** scan.l folds only ASCII letters (the database encoding is UTF-8, a multibyte one). */
    static String asciiLower(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    /** {@code truncate_identifier}: at most 63 bytes of UTF-8, cut at a character boundary. */
    static String truncated(String name) {
        if (name == null || name.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int cp = name.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_IDENTIFIER_BYTES) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return name.substring(0, i);
    }
}
