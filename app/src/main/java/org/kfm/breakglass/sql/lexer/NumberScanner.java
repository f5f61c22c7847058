package org.kfm.breakglass.sql.lexer;

import java.util.List;

/**
 * scan.l's numeric literals: integers, decimals ({@code 1.}, {@code .5}), reals ({@code 1e-3}), PostgreSQL 16's
 * {@code 0x}/{@code 0o}/{@code 0b} integers and underscores, and the rule (since 15) that an identifier character
 * straight after a number is an error ("trailing junk"). {@code 1..10} lexes as {@code 1}, {@code ..}, {@code 10}.
 */
final class NumberScanner {
    private final String text;
    private final LexerSettings settings;
    private final List<LexProblem> problems;

    NumberScanner(String text, LexerSettings settings, List<LexProblem> problems) {
        this.text = text;
        this.settings = settings;
        this.problems = problems;
    }

    /** The end of the number starting at {@code start} (a digit, or a dot before a digit). */
    int end(int start) {
        if (settings.modernIntegers() && text.charAt(start) == '0' && radix(charAt(start + 1)) > 0) {
            return radixInteger(start);
        }
        int j = start;
        if (text.charAt(j) != '.') {
            j = digits(j);
            if (charAt(j) == '.' && charAt(j + 1) == '.') {
                return j; // {numericfail}: the integer, then ".."
            }
        }
        if (charAt(j) == '.') {
            j = ScanChars.isDigit(charAt(j + 1)) ? digits(j + 1) : j + 1;
        }
        if (charAt(j) == 'e' || charAt(j) == 'E') {
            int k = j + 1;
            if (charAt(k) == '+' || charAt(k) == '-') {
                k++;
            }
            if (!ScanChars.isDigit(charAt(k))) {
                problems.add(new LexProblem(start, "trailing junk after numeric literal"));
                return j;
            }
            j = digits(k);
        }
        return junkCheck(start, j);
    }

    private int radixInteger(int start) {
        int base = radix(text.charAt(start + 1));
        int j = start + 2;
        boolean any = false;
        while (true) {
            if (j < text.length() && digitOf(text.charAt(j), base)) {
                j++;
                any = true;
            } else if (charAt(j) == '_' && j + 1 < text.length() && digitOf(text.charAt(j + 1), base)) {
                j += 2;
                any = true;
            } else {
                break;
            }
        }
        if (!any) {
            String name = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
            problems.add(new LexProblem(start, "invalid " + name + " integer"));
            return charAt(start + 2) == '_' ? start + 3 : start + 2;
        }
        return junkCheck(start, j);
    }

    private int junkCheck(int start, int end) {
        if (end < text.length() && ScanChars.isIdentStart(text.charAt(end))) {
            problems.add(new LexProblem(start, "trailing junk after numeric literal"));
        }
        return end;
    }

    /** Decimal digits from {@code i}; from PostgreSQL 16 on, single underscores between digits too. */
    private int digits(int i) {
        int j = i;
        while (j < text.length()) {
            if (ScanChars.isDigit(text.charAt(j))) {
                j++;
            } else if (settings.modernIntegers()
                    && text.charAt(j) == '_'
                    && j > i
                    && ScanChars.isDigit(charAt(j + 1))) {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    private static int radix(char c) {
        return switch (c) {
            case 'x', 'X' -> 16;
            case 'o', 'O' -> 8;
            case 'b', 'B' -> 2;
            default -> 0;
        };
    }

    private static boolean digitOf(char c, int base) {
        return switch (base) {
            case 16 -> ScanChars.isHexDigit(c);
            case 8 -> c >= '0' && c <= '7';
            default -> c == '0' || c == '1';
        };
    }

    private char charAt(int i) {
        return i < text.length() ? text.charAt(i) : '\uFFFF';
    }
}
