package org.kfm.breakglass.audit;

import java.util.List;
import java.util.StringJoiner;

/**
 * Renders events for {@code breakglass audit show}: an aligned text table (one row per event, the payload
 * summarised) or JSON Lines exactly as journaled. Returns text; printing is the CLI's job.
 */
public final class AuditShow {

    /** Output formats of {@code audit show --format}. */
    public enum Format {
        TABLE,
        JSON
    }

    private static final int SUMMARY_WIDTH = 80;

    private AuditShow() {}

    public static String render(List<AuditEvent> events, Format format) {
        return format == Format.JSON ? json(events) : table(events);
    }

    public static String json(List<AuditEvent> events) {
        var out = new StringBuilder();
        for (var e : events) {
            out.append(CanonicalJson.write(e, true)).append('\n');
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

    /** One line saying what the event is about, newlines flattened so a row stays a row. */
    /** A one-line human summary of an event, as {@code audit show} and the GUI audit viewer print it. */
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
        if (e.detail() != null) {
            parts.add(e.detail());
        }
        var text = parts.toString().replaceAll("\\s+", " ").strip();
        return text.length() > SUMMARY_WIDTH ? text.substring(0, SUMMARY_WIDTH - 1) + "…" : text;
    }
}
