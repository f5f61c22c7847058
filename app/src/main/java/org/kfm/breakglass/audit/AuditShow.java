package org.kfm.breakglass.audit;

import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.kfm.breakglass.text.TerminalText;

/**
 * Renders events for {@code breakglass audit show}: an aligned text table (one row per event, the payload
 * summarised) or JSON Lines with the journal's content. Returns text; printing is the CLI's job.
 *
 * <p>Journals hold what operators typed and what the database was sent, so nothing reaches the auditor's
 * terminal raw: control, formatting and bidi characters are escaped ({@link TerminalText}) in both formats (in
 * JSON as <code>&#92;uXXXX</code> escapes, which decode to the same string), and a summary cut to the table's width says
 * how much it leaves out instead of passing an innocent prefix off as the whole statement.
 */
public final class AuditShow {

    /** Output formats of {@code audit show --format}. */
    public enum Format {
        TABLE,
        JSON
    }

    private static final int SUMMARY_WIDTH = 80;
    private static final Pattern SPACES = Pattern.compile("[ \t]+");

    private AuditShow() {}

    public static String render(List<AuditEvent> events, Format format) {
        return format == Format.JSON ? json(events) : table(events);
    }

    public static String json(List<AuditEvent> events) {
        var out = new StringBuilder();
        for (var e : events) {
            out.append(TerminalText.escape(CanonicalJson.write(e, true))).append('\n');
        }
        return out.toString();
    }

    public static String table(List<AuditEvent> events) {
        var out = new StringBuilder();
        var fmt = "%-8s %-27s %-18s %-8s %-4s %s%n";
        out.append(String.format(fmt, "SEQ", "TIME", "TYPE", "SESSION", "EI", "SUMMARY"));
        for (var e : events) {
            out.append(String.format(
                    fmt,
                    e.seq(),
                    e.time() == null ? "-" : CanonicalJson.formatTime(e.time()),
                    e.type().wireName(),
                    e.session() == null ? "-" : e.session().toString().substring(0, 8),
                    e.ei() == null ? "-" : e.ei(),
                    summary(e)));
        }
        return out.toString();
    }

    /**
     * A one-line human summary of an event, as {@code audit show} and the GUI audit viewer print it: hidden
     * characters escaped, a line feed shown as {@code \n} so a row stays a row (and a {@code --} comment's end
     * stays visible), runs of spaces and tabs as one space; cut at {@value #SUMMARY_WIDTH} characters with the
     * number of characters left out.
     */
    public static String summary(AuditEvent e) {
        var parts = new StringJoiner(" ");
        if (e.justification() != null) {
            var j = e.justification();
            parts.add("[" + j.ticket() + ", " + j.mode() + ", " + j.durationSeconds() + "s] " + j.reason());
        }
        if (e.stmt() != null) {
            var s = e.stmt();
            parts.add(s.sqlClass() + ":");
            parts.add(s.sql() == null ? "" : s.sql());
            if (s.rows() != null) {
                parts.add("→ " + s.rows() + " rows");
            }
            if (s.durationMs() != null) {
                parts.add(s.durationMs() + " ms");
            }
            if (s.sqlstate() != null) {
                parts.add("SQLSTATE " + s.sqlstate());
            }
        }
        if (e.tunnel() != null) {
            parts.add(e.tunnel().pod() + " " + e.tunnel().oldPodUid() + "→"
                    + e.tunnel().newPodUid() + " " + e.tunnel().reason());
        }
        if (e.checks() != null) {
            e.checks().forEach(c -> parts.add(c.name() + "=" + c.verdict()));
        }
        if (e.seal() != null) {
            parts.add(e.seal().events() + " events, head " + e.seal().head().substring(0, 12)
                    + (e.seal().signature() == null ? ", unsigned" : ", signed"));
        }
        if (e.review() != null) {
            var r = e.review();
            parts.add("review of " + r.session() + ": " + r.verdict() + " — " + r.note());
        }
        if (e.reconciliation() != null) {
            var r = e.reconciliation();
            parts.add("reconciled " + r.session() + ": " + r.verdict()
                    + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
        if (e.detail() != null) {
            parts.add(e.detail());
        }
        String text = SPACES.matcher(TerminalText.escape(parts.toString().strip()))
                .replaceAll(" ")
                .replace("\n", "\\n");
        if (text.codePointCount(0, text.length()) <= SUMMARY_WIDTH) {
            return text;
        }
        int cut = text.offsetByCodePoints(0, SUMMARY_WIDTH - 1);
        int left = text.codePointCount(cut, text.length());
        return text.substring(0, cut) + "… [+" + left
                + " more characters not shown; audit show --format json prints all]";
    }
}
