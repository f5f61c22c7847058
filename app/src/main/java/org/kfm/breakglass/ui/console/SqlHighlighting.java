package org.kfm.breakglass.ui.console;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/** Style spans for SQL: keywords, strings, comments, numbers, PostGIS functions, and an error mark. */
public final class SqlHighlighting {
    private static final String[] KEYWORDS = {
        "select",
        "from",
        "where",
        "and",
        "or",
        "not",
        "in",
        "is",
        "null",
        "as",
        "on",
        "join",
        "left",
        "right",
        "inner",
        "outer",
        "full",
        "cross",
        "group",
        "by",
        "order",
        "having",
        "limit",
        "offset",
        "union",
        "all",
        "distinct",
        "insert",
        "into",
        "values",
        "update",
        "set",
        "delete",
        "create",
        "drop",
        "alter",
        "table",
        "view",
        "index",
        "with",
        "recursive",
        "case",
        "when",
        "then",
        "else",
        "end",
        "explain",
        "analyze",
        "begin",
        "commit",
        "rollback",
        "returning",
        "exists",
        "between",
        "like",
        "ilike",
        "asc",
        "desc",
        "true",
        "false",
        "using",
        "lateral",
        "grant",
        "revoke",
        "truncate",
        "show",
        "materialized",
        "schema",
        "cast",
        "over",
        "partition",
        "window",
        "filter",
        "nulls",
        "first",
        "last",
        "verbose",
        "buffers",
        "format"
    };
    private static final Pattern TOKENS = Pattern.compile("(?<COMMENT>--[^\\n]*|/\\*(?s:.*?)(\\*/|\\z))"
            + "|(?<STRING>'(?:[^']|'')*'?|\\$\\$(?s:.*?)(\\$\\$|\\z))"
            + "|(?<QUOTED>\"(?:[^\"]|\"\")*\"?)"
            + "|(?<FUNCTION>\\b(?i:st_|pg_|postgis_)\\w+(?=\\s*\\())"
            + "|(?<KEYWORD>\\b(?i:" + String.join("|", KEYWORDS) + ")\\b)"
            + "|(?<NUMBER>\\b\\d+(?:\\.\\d+)?\\b)");

    private SqlHighlighting() {}

    /** @param errorFrom editor offset to mark as the error position, or -1 */
    public static StyleSpans<Collection<String>> compute(String text, int errorFrom) {
        var spans = new StyleSpansBuilder<Collection<String>>();
        Matcher m = TOKENS.matcher(text);
        int last = 0;
        while (m.find()) {
            String style = m.group("COMMENT") != null
                    ? "comment"
                    : m.group("STRING") != null
                            ? "string"
                            : m.group("QUOTED") != null
                                    ? "quoted"
                                    : m.group("FUNCTION") != null
                                            ? "function"
                                            : m.group("KEYWORD") != null ? "keyword" : "number";
            spans.add(List.of(), m.start() - last);
            spans.add(List.of(style), m.end() - m.start());
            last = m.end();
        }
        spans.add(List.of(), text.length() - last);
        StyleSpans<Collection<String>> base = spans.create();
        if (errorFrom < 0 || errorFrom >= text.length()) {
            return base;
        }
        int errorTo = errorEnd(text, errorFrom);
        var mark = new StyleSpansBuilder<Collection<String>>();
        mark.add(List.of(), errorFrom);
        mark.add(List.of("sql-error"), errorTo - errorFrom);
        mark.add(List.of(), text.length() - errorTo);
        return base.overlay(mark.create(), (a, b) -> {
            if (b.isEmpty()) return a;
            var merged = new java.util.ArrayList<>(a);
            merged.addAll(b);
            return merged;
        });
    }

    /** The marked error runs to the end of the token at the position (at least one character). */
    static int errorEnd(String text, int from) {
        int end = from;
        while (end < text.length()
                && !Character.isWhitespace(text.charAt(end))
                && ",;()".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return Math.max(end, from + 1);
    }
}
