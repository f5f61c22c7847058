package org.kfm.breakglass.sql.lexer;

import java.util.List;

/**
 * Decodes the body of {@code U&'…'} and {@code U&"…"} as the server's parser does ({@code str_udeescape}):
 * the escape character (backslash, or the one named by {@code UESCAPE}) followed by 4 hex digits, by {@code +} and
 * 6 hex digits, or by itself; UTF-16 surrogate pairs written as two escapes combine.
 */
final class UnicodeEscapes {
    private UnicodeEscapes() {}

    /** {@code check_uescapechar}: not a hex digit, {@code +}, a quote or whitespace. */
    static boolean isValidEscapeChar(char c, LexerSettings settings) {
        return !(ScanChars.isHexDigit(c) || c == '+' || c == '\'' || c == '"' || ScanChars.isSpace(c, settings));
    }

    /** The decoded text, or null (with a problem recorded at {@code offset}) when the server would reject it. */
    static String decode(String raw, char escape, int offset, List<LexProblem> problems) {
        var out = new StringBuilder(raw.length());
        int pendingHigh = -1;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != escape) {
                if (pendingHigh >= 0) {
                    return fail(problems, offset, "invalid Unicode surrogate pair");
                }
                out.append(c);
                i++;
                continue;
            }
            int codePoint;
            if (i + 1 < raw.length() && raw.charAt(i + 1) == escape) {
                if (pendingHigh >= 0) {
                    return fail(problems, offset, "invalid Unicode surrogate pair");
                }
                out.append(escape);
                i += 2;
                continue;
            } else if (hexDigits(raw, i + 1, 4)) {
                codePoint = Integer.parseInt(raw, i + 1, i + 5, 16);
                i += 5;
            } else if (i + 1 < raw.length() && raw.charAt(i + 1) == '+' && hexDigits(raw, i + 2, 6)) {
                codePoint = Integer.parseInt(raw, i + 2, i + 8, 16);
                i += 8;
            } else {
                return fail(problems, offset, "invalid Unicode escape");
            }
            if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
                if (pendingHigh >= 0) {
                    return fail(problems, offset, "invalid Unicode surrogate pair");
                }
                pendingHigh = codePoint;
                continue;
            }
            if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
                if (pendingHigh < 0) {
                    return fail(problems, offset, "invalid Unicode surrogate pair");
                }
                codePoint = Character.toCodePoint((char) pendingHigh, (char) codePoint);
                pendingHigh = -1;
            } else if (pendingHigh >= 0) {
                return fail(problems, offset, "invalid Unicode surrogate pair");
            }
            if (codePoint == 0 || codePoint > Character.MAX_CODE_POINT) {
                return fail(problems, offset, "invalid Unicode escape value");
            }
            out.appendCodePoint(codePoint);
        }
        if (pendingHigh >= 0) {
            return fail(problems, offset, "invalid Unicode surrogate pair");
        }
        return out.toString();
    }

    private static boolean hexDigits(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!ScanChars.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String fail(List<LexProblem> problems, int offset, String message) {
        problems.add(new LexProblem(offset, message));
        return null;
    }
}
