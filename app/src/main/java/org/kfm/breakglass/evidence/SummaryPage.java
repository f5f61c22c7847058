package org.kfm.breakglass.evidence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.text.TerminalText;

/**
 * A one-page document (headings, label/value rows, bullet items, SQL) written as Markdown and as HTML. Everything
 * that came from a person or the database (reasons, names, SQL, server messages) is text, never markup: hidden
 * characters are shown escaped ({@link TerminalText}), line breaks as {@code \n}, and the Markdown and HTML special
 * characters are escaped, so a statement cannot turn into a link, an image or a script in the ticket.
 */
final class SummaryPage {

    private sealed interface Block {}

    private record Heading(String text) implements Block {}

    private record Row(String label, String value) implements Block {}

    private record Item(String text, String sql) implements Block {}

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    SummaryPage(String title) {
        this.title = title;
    }

    SummaryPage heading(String text) {
        blocks.add(new Heading(text));
        return this;
    }

    SummaryPage row(String label, String value) {
        blocks.add(new Row(label, value));
        return this;
    }

    /** A bullet; {@code sql}, when not null, follows it as code. */
    SummaryPage item(String text, String sql) {
        blocks.add(new Item(text, sql));
        return this;
    }

    byte[] markdown() {
        var out = new StringBuilder("# ").append(md(title)).append("\n");
        Block previous = null;
        for (var b : blocks) {
            switch (b) {
                case Heading h -> out.append("\n## ").append(md(h.text())).append("\n\n");
                case Row r ->
                    out.append("- **")
                            .append(md(r.label()))
                            .append(":** ")
                            .append(md(r.value()))
                            .append("\n");
                case Item i -> {
                    out.append("- ").append(md(i.text()));
                    if (i.sql() != null) {
                        out.append(" ").append(code(i.sql()));
                    }
                    out.append("\n");
                }
            }
            previous = b;
        }
        if (previous == null) {
            out.append("\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] html() {
        var out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
                        + " 'unsafe-inline'\">")
                .append("<title>")
                .append(html(title))
                .append("</title><style>body{font-family:sans-serif;max-width:60em;margin:1em auto;line-height:1.4}"
                        + "code{background:#f2f2f2;padding:0 .2em;white-space:pre-wrap;word-break:break-all}"
                        + "th{text-align:left;padding-right:1em;vertical-align:top}</style></head><body>\n")
                .append("<h1>")
                .append(html(title))
                .append("</h1>\n");
        boolean inTable = false;
        boolean inList = false;
        for (var b : blocks) {
            if (inTable && !(b instanceof Row)) {
                out.append("</table>\n");
                inTable = false;
            }
            if (inList && !(b instanceof Item)) {
                out.append("</ul>\n");
                inList = false;
            }
            switch (b) {
                case Heading h -> out.append("<h2>").append(html(h.text())).append("</h2>\n");
                case Row r -> {
                    if (!inTable) {
                        out.append("<table>\n");
                        inTable = true;
                    }
                    out.append("<tr><th>")
                            .append(html(r.label()))
                            .append("</th><td>")
                            .append(html(r.value()))
                            .append("</td></tr>\n");
                }
                case Item i -> {
                    if (!inList) {
                        out.append("<ul>\n");
                        inList = true;
                    }
                    out.append("<li>").append(html(i.text()));
                    if (i.sql() != null) {
                        out.append(" <code>").append(html(i.sql())).append("</code>");
                    }
                    out.append("</li>\n");
                }
            }
        }
        out.append(inTable ? "</table>\n" : "").append(inList ? "</ul>\n" : "").append("</body></html>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Shown, not interpreted: hidden characters escaped, a line stays a line. */
    private static String visible(String text) {
        return TerminalText.escape(text == null ? "" : text)
                .replace("\r", "\\r")
                .replace("\n", "\\n")
                .replace("\t", "\\t");
    }

    private static String md(String text) {
        var s = visible(text);
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\`*_{}[]()<>#+-.!|~&".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Inline code with a fence longer than any run of backticks inside, as CommonMark allows. */
    private static String code(String sql) {
        var s = visible(sql);
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        var fence = "`".repeat(longest + 1);
        return fence + " " + s + " " + fence;
    }

    private static String html(String text) {
        var s = visible(text);
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
