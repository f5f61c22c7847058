package org.kfm.breakglass.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A small PostgreSQL lexer: enough to split a script at top-level semicolons and find keywords, skipping
 * {@code --} and nested {@code /* *\/} comments, {@code '...'} / {@code E'...'} strings, {@code $tag$...$tag$}
 * bodies and {@code "quoted"} identifiers.
 *
 * <p>Why not pgjdbc's {@code Parser.parseJdbcSql}: it returns rewritten statement text without source offsets
 * (the editor needs offsets to highlight) and no tokens (the classifier needs keywords and paren depth), so we
 * would have to lex again anyway.
 */
final class SqlTokenizer {

    private final String sql;
    private int pos;
    private int depth;

    private SqlTokenizer(String sql) {
        this.sql = sql;
    }

    /** Tokens of {@code sql}, comments and whitespace dropped. An unterminated string/comment runs to the end. */
    static List<SqlToken> tokenize(String sql) {
        return new SqlTokenizer(sql).run();
    }

    private List<SqlToken> run() {
        var tokens = new ArrayList<SqlToken>();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            int start = pos;
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '\'') {
                pos = endOfQuoted(pos, '\'', false);
                tokens.add(token(SqlToken.Kind.STRING, start));
            } else if (c == '"') {
                pos = endOfQuoted(pos, '"', false);
                tokens.add(token(SqlToken.Kind.QUOTED_IDENTIFIER, start));
            } else if (c == '$' && dollarTagEnd(pos) > 0) {
                var tagEnd = dollarTagEnd(pos);
                var tag = sql.substring(pos, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                pos = close < 0 ? sql.length() : close + tag.length();
                tokens.add(token(SqlToken.Kind.DOLLAR_STRING, start));
            } else if (c == '$' && Character.isDigit(peek(1))) {
                pos++;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
                tokens.add(token(SqlToken.Kind.PARAMETER, start));
            } else if (isWordStart(c)) {
                while (pos < sql.length() && isWordPart(sql.charAt(pos))) {
                    pos++;
                }
                if (pos < sql.length() && sql.charAt(pos) == '\'' && isStringPrefix(start, pos)) {
                    // E'..' / e'..' allow backslash escapes; B'', X'', N'', U&'' are plain.
                    boolean backslashes = pos - start == 1 && (c == 'E' || c == 'e');
                    pos = endOfQuoted(pos, '\'', backslashes);
                    tokens.add(token(SqlToken.Kind.STRING, start));
                } else {
                    tokens.add(token(SqlToken.Kind.WORD, start));
                }
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                while (pos < sql.length()
                        && (Character.isLetterOrDigit(sql.charAt(pos))
                                || sql.charAt(pos) == '.'
                                || sql.charAt(pos) == '_')) {
                    pos++;
                }
                tokens.add(token(SqlToken.Kind.NUMBER, start));
            } else if (c == '(') {
                pos++;
                tokens.add(token(SqlToken.Kind.OPEN, start));
                depth++;
            } else if (c == ')') {
                pos++;
                depth = Math.max(0, depth - 1);
                tokens.add(token(SqlToken.Kind.CLOSE, start));
            } else if (c == ';') {
                pos++;
                tokens.add(token(SqlToken.Kind.SEMICOLON, start));
            } else {
                pos++;
                tokens.add(token(SqlToken.Kind.SYMBOL, start));
            }
        }
        return tokens;
    }

    private SqlToken token(SqlToken.Kind kind, int start) {
        return new SqlToken(kind, sql.substring(start, pos), start, pos, depth);
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void skipLineComment() {
        int nl = sql.indexOf('\n', pos);
        pos = nl < 0 ? sql.length() : nl + 1;
    }

    private void skipBlockComment() {
        int nesting = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                nesting++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                nesting--;
                pos += 2;
                if (nesting == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    /** Index after the closing quote; a doubled quote is an escaped quote. */
    private int endOfQuoted(int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** If a dollar-quote tag ({@code $$} or {@code $tag$}) starts at {@code i}, the index after it; else -1. */
    private int dollarTagEnd(int i) {
        int j = i + 1;
        if (j < sql.length() && sql.charAt(j) == '$') {
            return j + 1;
        }
        if (j >= sql.length() || !isWordStart(sql.charAt(j))) {
            return -1;
        }
        while (j < sql.length() && isTagPart(sql.charAt(j))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
    }

    private boolean isStringPrefix(int start, int end) {
        var prefix = sql.substring(start, end);
        return prefix.equalsIgnoreCase("E")
                || prefix.equalsIgnoreCase("B")
                || prefix.equalsIgnoreCase("X")
                || prefix.equalsIgnoreCase("N");
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || Character.isDigit(c) || c == '$';
    }

    private static boolean isTagPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c >= 0x80;
    }
}
