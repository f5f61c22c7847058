package org.kfm.breakglass.sql.lexer;

import java.util.List;

/**
 * The bodies of scan.l's quoted states: {@code xq} (plain strings), {@code xe} (backslash escapes), {@code xus}
 * ({@code U&'…'}), {@code xb}/{@code xh} (bit strings, no doubled quotes), {@code xd}/{@code xui} (quoted
 * identifiers) and {@code xdolq} (dollar quotes), including the SQL-standard continuation of a string across a
 * newline ({@code 'a'\n'b'} is {@code 'ab'}, still in the state it began in).
 */
final class QuotedScanner {
    /** Which scan.l state a single-quoted literal's body is read in. */
    enum StringState {
        PLAIN,
        ESCAPED,
        UNICODE,
        BITS
    }

    /** Where the literal ends (after its closing quote, or at the end of the text) and its value. */
    record Scanned(int end, String value) {}

    private final String text;
    private final LexerSettings settings;
    private final List<LexProblem> problems;

    QuotedScanner(String text, LexerSettings settings, List<LexProblem> problems) {
        this.text = text;
        this.settings = settings;
        this.problems = problems;
    }

    /**
     * A single-quoted literal whose opening quote is at {@code quote}; {@code start} is where its token begins
     * (before any prefix). The value of a {@link StringState#UNICODE} literal still holds its escapes.
     */
    Scanned string(int start, int quote, StringState state) {
        var literal = new LiteralBuffer();
        int i = quote + 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'') {
                if (state != StringState.BITS && i + 1 < n && text.charAt(i + 1) == '\'') {
                    literal.append('\'');
                    i += 2;
                    continue;
                }
                int next = continuation(i + 1);
                if (next >= 0) {
                    i = next + 1;
                    continue;
                }
                return new Scanned(i + 1, finish(start, literal));
            }
            if (state == StringState.ESCAPED && c == '\\' && i + 1 < n) {
                i = escape(i, literal);
                continue;
            }
            literal.append(c);
            i++;
        }
        problems.add(new LexProblem(
                start,
                switch (state) {
                    case BITS ->
                        Character.toLowerCase(text.charAt(start)) == 'b'
                                ? "unterminated bit string literal"
                                : "unterminated hexadecimal string literal";
                    default -> "unterminated quoted string";
                }));
        return new Scanned(n, null);
    }

    /** A quoted identifier whose opening double quote is at {@code quote}; escapes of {@code U&"…"} stay. */
    Scanned identifier(int start, int quote) {
        var name = new StringBuilder();
        int i = quote + 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < n && text.charAt(i + 1) == '"') {
                    name.append('"');
                    i += 2;
                    continue;
                }
                if (name.isEmpty()) {
                    problems.add(new LexProblem(start, "zero-length delimited identifier"));
                }
                return new Scanned(i + 1, name.toString());
            }
            name.append(c);
            i++;
        }
        problems.add(new LexProblem(start, "unterminated quoted identifier"));
        return new Scanned(n, null);
    }

    /** A dollar-quoted string whose delimiter {@code tag} (e.g. {@code $fn$}) starts at {@code start}. */
    Scanned dollar(int start, String tag) {
        int bodyStart = start + tag.length();
        int close = text.indexOf(tag, bodyStart);
        if (close < 0) {
            problems.add(new LexProblem(start, "unterminated dollar-quoted string"));
            return new Scanned(text.length(), null);
        }
        return new Scanned(close + tag.length(), text.substring(bodyStart, close));
    }

    private String finish(int start, LiteralBuffer literal) {
        String value = literal.value();
        if (value == null) {
            problems.add(new LexProblem(start, "invalid byte sequence for encoding \"UTF8\" in a string escape"));
        }
        return value;
    }

    /**
     * {@code quotecontinue}: whitespace without a newline (comments allowed), a newline, any whitespace or
     * comment-plus-newline, then a quote. Returns the index of that quote, or -1. Block comments do not count.
     */
    private int continuation(int from) {
        int n = text.length();
        int i = from;
        boolean newline = false;
        while (i < n && !newline) {
            char c = text.charAt(i);
            if (ScanChars.isNewline(c)) {
                newline = true;
                i++;
            } else if (ScanChars.isSpace(c, settings)) {
                i++;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                i = endOfLineComment(i);
            } else {
                return -1;
            }
        }
        if (!newline) {
            return -1;
        }
        while (i < n) {
            char c = text.charAt(i);
            if (ScanChars.isSpace(c, settings)) {
                i++;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = endOfLineComment(i);
                if (end >= n) {
                    return -1;
                }
                i = end + 1;
            } else {
                break;
            }
        }
        return i < n && text.charAt(i) == '\'' ? i : -1;
    }

    /** Index of the CR or LF ending the {@code --} comment at {@code at}, or the text's length. */
    int endOfLineComment(int at) {
        int i = at + 2;
        while (i < text.length() && !ScanChars.isNewline(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** One backslash escape of an {@code E'…'} body at {@code at}; returns the index after it. */
    private int escape(int at, LiteralBuffer literal) {
        char c = text.charAt(at + 1);
        if (c >= '0' && c <= '7') {
            int end = at + 1;
            int value = 0;
            while (end < text.length() && end < at + 4 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                value = value * 8 + (text.charAt(end) - '0');
                end++;
            }
            literal.appendByte(value);
            return end;
        }
        if (c == 'x' && at + 2 < text.length() && ScanChars.isHexDigit(text.charAt(at + 2))) {
            int end = at + 2;
            while (end < text.length() && end < at + 4 && ScanChars.isHexDigit(text.charAt(end))) {
                end++;
            }
            literal.appendByte(Integer.parseInt(text, at + 2, end, 16));
            return end;
        }
        if (c == 'u' || c == 'U') {
            return unicodeEscape(at, literal);
        }
        switch (c) {
            case 'b' -> literal.append('\b');
            case 'f' -> literal.append('\f');
            case 'n' -> literal.append('\n');
            case 'r' -> literal.append('\r');
            case 't' -> literal.append('\t');
            default -> literal.append(c);
        }
        return at + 2;
    }

    /** A backslash, {@code u} and 4 hex digits or {@code U} and 8; a UTF-16 surrogate pair written as two of them. */
    private int unicodeEscape(int at, LiteralBuffer literal) {
        int codePoint = hexAfter(at);
        if (codePoint < 0) {
            problems.add(new LexProblem(at, "invalid Unicode escape"));
            return at + 2;
        }
        int end = at + (text.charAt(at + 1) == 'u' ? 6 : 10);
        if (Character.isHighSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
            int low = end + 1 < text.length() && text.charAt(end) == '\\' ? hexAfter(end) : -1;
            if (low < 0 || low > 0xFFFF || !Character.isLowSurrogate((char) low)) {
                problems.add(new LexProblem(at, "invalid Unicode surrogate pair"));
                return end;
            }
            literal.appendCodePoint(Character.toCodePoint((char) codePoint, (char) low));
            return end + (text.charAt(end + 1) == 'u' ? 6 : 10);
        }
        if (codePoint <= 0xFFFF && Character.isLowSurrogate((char) codePoint)) {
            problems.add(new LexProblem(at, "invalid Unicode surrogate pair"));
            return end;
        }
        if (codePoint == 0 || codePoint > Character.MAX_CODE_POINT) {
            problems.add(new LexProblem(at, "invalid Unicode escape value"));
            return end;
        }
        literal.appendCodePoint(codePoint);
        return end;
    }

    /** The code point of backslash-u + 4 or backslash-U + 8 hex digits at {@code backslash}, or -1. */
    private int hexAfter(int backslash) {
        if (backslash + 1 >= text.length()) {
            return -1;
        }
        char u = text.charAt(backslash + 1);
        int digits = u == 'u' ? 4 : u == 'U' ? 8 : 0;
        if (digits == 0 || backslash + 2 + digits > text.length()) {
            return -1;
        }
        for (int i = backslash + 2; i < backslash + 2 + digits; i++) {
            if (!ScanChars.isHexDigit(text.charAt(i))) {
                return -1;
            }
        }
        long value = Long.parseLong(text, backslash + 2, backslash + 2 + digits, 16);
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }
}
