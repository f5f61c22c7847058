package org.kfm.breakglass.ui.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.ui.results.Statement;

/**
 * Finds statement boundaries in the editor text: semicolons outside quotes, quoted identifiers, comments (a
 * {@code --} comment ends at CR or LF, block comments nest, as in PostgreSQL) and dollar-quoted bodies. Only for
 * choosing what to send and mapping offsets; the engine lexes, splits and checks every statement again (ADR 0008).
 */
public final class StatementLocator {
    private StatementLocator() {}

    /** Every non-empty statement, trimmed, with its editor offset. */
    public static List<Statement> split(String text) {
        var out = new ArrayList<Statement>();
        int from = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(text, i, c);
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                i = endOfLine(text, i); // PostgreSQL ends a -- comment at CR as well as LF
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i = endOfBlockComment(text, i);
            } else if (c == '$') {
                i = skipDollar(text, i);
            } else if (c == ';') {
                add(out, text, from, i);
                from = i + 1;
                i++;
            } else {
                i++;
            }
        }
        add(out, text, from, n);
        return out;
    }

    /** The statement the caret is in (or just after), if any. */
    public static Optional<Statement> at(String text, int caret) {
        List<Statement> all = split(text);
        Statement best = null;
        for (var s : all) {
            if (caret >= s.start() && caret <= s.end() + 1) {
                return Optional.of(s);
            }
            if (s.end() <= caret) {
                best = s;
            }
        }
        return Optional.ofNullable(best != null ? best : all.isEmpty() ? null : all.getFirst());
    }

    private static void add(List<Statement> out, String text, int from, int to) {
        int a = from;
        int b = to;
        while (a < b && Character.isWhitespace(text.charAt(a))) a++;
        while (b > a && Character.isWhitespace(text.charAt(b - 1))) b--;
        if (a < b && !onlyComments(text.substring(a, b))) {
            out.add(new Statement(text.substring(a, b), a));
        }
    }

    private static boolean onlyComments(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                i = endOfLine(s, i);
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                i = endOfBlockComment(s, i);
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                return false;
            }
        }
        return true;
    }

    private static int endOfLine(String text, int i) {
        int j = i;
        while (j < text.length() && text.charAt(j) != '\n' && text.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /** Block comments nest in PostgreSQL. */
    private static int endOfBlockComment(String text, int i) {
        int depth = 0;
        int j = i;
        while (j < text.length()) {
            if (text.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (text.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return text.length();
    }

    private static int skipQuoted(String text, int i, char quote) {
        int j = i + 1;
        while (j < text.length()) {
            if (text.charAt(j) == quote) {
                if (j + 1 < text.length() && text.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return text.length();
    }

    private static int skipDollar(String text, int i) {
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) j++;
        if (j >= text.length() || text.charAt(j) != '$' || (j > i + 1 && Character.isDigit(text.charAt(i + 1)))) {
            return i + 1; // a positional parameter like $1, not a dollar quote
        }
        String tag = text.substring(i, j + 1);
        int close = text.indexOf(tag, j + 1);
        return close < 0 ? text.length() : close + tag.length();
    }
}
