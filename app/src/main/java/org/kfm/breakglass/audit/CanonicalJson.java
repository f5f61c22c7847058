package org.kfm.breakglass.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place that turns events into their canonical JSON text and back. Canonical means: a Jackson tree
 * written with object keys sorted at every level, null members omitted, no whitespace, UTF-8 (non-ASCII
 * unescaped), numbers as Jackson writes them. The field names here are the wire format; docs/audit-format.md
 * describes them.
 */
final class CanonicalJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .disable(JsonNodeFeature.WRITE_NULL_PROPERTIES)
            .build();

    /** RFC 3339, UTC, always six fraction digits, so the text (and the hash) never depends on trailing zeros. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CanonicalJson() {}

    static String formatTime(Instant time) {
        return TIME.format(time.truncatedTo(ChronoUnit.MICROS));
    }

    /** The canonical line for an event, with or without its {@code hash} member. */
    static String write(AuditEvent event, boolean withHash) {
        return MAPPER.writeValueAsString(toTree(event, withHash));
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    static ObjectNode toTree(AuditEvent e, boolean withHash) {
        var n = MAPPER.createObjectNode();
        n.put("v", e.v());
        n.put("seq", e.seq());
        putText(n, "id", e.id());
        if (e.time() != null) {
            n.put("time", formatTime(e.time()));
        }
        n.put("type", e.type().wireName());
        putText(n, "session", e.session());
        if (e.ei() != null) {
            n.put("ei", e.ei());
        }
        if (e.operator() != null) {
            var o = n.putObject("operator");
            putText(o, "osUser", e.operator().osUser());
            putText(o, "host", e.operator().host());
            putText(o, "kubeUser", e.operator().kubeUser());
        }
        if (e.target() != null) {
            var t = n.putObject("target");
            var target = e.target();
            putText(t, "context", target.context());
            putText(t, "server", target.server());
            putText(t, "namespace", target.namespace());
            putText(t, "service", target.service());
            putText(t, "pod", target.pod());
            putText(t, "podUid", target.podUid());
            putText(t, "database", target.database());
            putText(t, "dbUser", target.dbUser());
        }
        putText(n, "ticket", e.ticket());
        putText(n, "mode", e.mode());
        if (e.justification() != null) {
            var j = n.putObject("justification");
            putText(j, "reason", e.justification().reason());
            putText(j, "ticket", e.justification().ticket());
            if (e.justification().durationSeconds() != null) {
                j.put("durationSeconds", e.justification().durationSeconds());
            }
            putText(j, "mode", e.justification().mode());
        }
        if (e.stmt() != null) {
            putStatement(n.putObject("stmt"), e.stmt());
        }
        if (e.tunnel() != null) {
            var t = n.putObject("tunnel");
            putText(t, "pod", e.tunnel().pod());
            putText(t, "oldPodUid", e.tunnel().oldPodUid());
            putText(t, "newPodUid", e.tunnel().newPodUid());
            putText(t, "reason", e.tunnel().reason());
        }
        if (e.checks() != null) {
            var a = n.putArray("checks");
            for (var c : e.checks()) {
                var o = a.addObject();
                putText(o, "name", c.name());
                putText(o, "verdict", c.verdict());
                putText(o, "reason", c.reason());
            }
        }
        putText(n, "detail", e.detail());
        if (e.seal() != null) {
            var s = n.putObject("seal");
            s.put("events", e.seal().events());
            putText(s, "head", e.seal().head());
            putText(s, "signature", e.seal().signature());
            putText(s, "key", e.seal().key());
        }
        putText(n, "sealKey", e.sealKey());
        if (e.review() != null) {
            var r = n.putObject("review");
            putText(r, "session", e.review().session());
            putText(r, "verdict", e.review().verdict());
            putText(r, "note", e.review().note());
            putText(r, "evidence", e.review().evidenceSha256());
        }
        if (e.reconciliation() != null) {
            putReconciliation(n.putObject("reconciliation"), e.reconciliation());
        }
        putText(n, "prev", e.prev());
        if (withHash) {
            putText(n, "hash", e.hash());
        }
        return n;
    }

    private static void putStatement(ObjectNode s, StatementRecord stmt) {
        putText(s, "sql", stmt.sql());
        putText(s, "class", stmt.sqlClass());
        if (stmt.rows() != null) {
            s.put("rows", stmt.rows());
        }
        if (stmt.durationMs() != null) {
            s.put("durationMs", stmt.durationMs());
        }
        putText(s, "sqlstate", stmt.sqlstate());
        if (stmt.columns() != null) {
            ArrayNode cols = s.putArray("columns");
            stmt.columns().forEach(cols::add);
        }
        putText(s, "resultSha256", stmt.resultSha256());
        putText(s, "error", stmt.error());
        putText(s, "client", stmt.client());
        putText(s, "protocol", stmt.protocol());
        if (stmt.parameters() != null) {
            ArrayNode params = s.putArray("parameters");
            stmt.parameters().forEach(p -> {
                if (p == null) {
                    params.addNull(); // an SQL NULL: the one null the format writes
                } else {
                    params.add(p);
                }
            });
        }
        putText(s, "tag", stmt.tag());
        if (stmt.copyBytes() != null) {
            s.put("copyBytes", stmt.copyBytes());
        }
    }

    private static void putReconciliation(ObjectNode o, ReconciliationSummary r) {
        putText(o, "session", r.session());
        putText(o, "verdict", r.verdict());
        putText(o, "reason", r.reason());
        putText(o, "selection", r.selection());
        if (r.from() != null) {
            o.put("from", formatTime(r.from()));
        }
        if (r.to() != null) {
            o.put("to", formatTime(r.to()));
        }
        if (r.sources() != null) {
            ArrayNode sources = o.putArray("sources");
            r.sources().forEach(sources::add);
        }
        putCount(o, "serverStatements", r.serverStatements());
        putCount(o, "matched", r.matched());
        putCount(o, "console", r.console());
        putCount(o, "subStatements", r.subStatements());
        putCount(o, "unjournaled", r.unjournaled());
        putCount(o, "notRun", r.notRun());
        putCount(o, "denied", r.denied());
        putCount(o, "rowMismatches", r.rowMismatches());
        putText(o, "reportSha256", r.reportSha256());
    }

    private static void putCount(ObjectNode node, String name, Long value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static void putText(ObjectNode node, String name, Object value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    /**
     * Reads one journal line back into an event.
     *
     * @throws IllegalArgumentException when the line is not a well-formed audit record
     */
    static AuditEvent parse(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line.getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("an audit record must be a JSON object");
        }
        var op = n.get("operator");
        var tg = n.get("target");
        var j = n.get("justification");
        var st = n.get("stmt");
        var tu = n.get("tunnel");
        var se = n.get("seal");
        List<CheckResult> checks = null;
        if (n.has("checks")) {
            checks = new ArrayList<>();
            for (var c : n.get("checks")) {
                checks.add(new CheckResult(text(c, "name"), text(c, "verdict"), text(c, "reason")));
            }
        }
        return new AuditEvent(
                n.path("v").asInt(),
                n.path("seq").asLong(),
                uuid(text(n, "id")),
                n.has("time") ? Instant.parse(text(n, "time")) : null,
                EventType.fromWireName(text(n, "type")),
                uuid(text(n, "session")),
                n.has("ei") ? n.get("ei").asLong() : null,
                op == null ? null : new Operator(text(op, "osUser"), text(op, "host"), text(op, "kubeUser")),
                tg == null
                        ? null
                        : new AuditTarget(
                                text(tg, "context"),
                                text(tg, "server"),
                                text(tg, "namespace"),
                                text(tg, "service"),
                                text(tg, "pod"),
                                text(tg, "podUid"),
                                text(tg, "database"),
                                text(tg, "dbUser")),
                text(n, "ticket"),
                text(n, "mode"),
                j == null
                        ? null
                        : new AuditJustification(
                                text(j, "reason"),
                                text(j, "ticket"),
                                j.has("durationSeconds")
                                        ? j.get("durationSeconds").asLong()
                                        : null,
                                text(j, "mode")),
                st == null ? null : statement(st),
                tu == null
                        ? null
                        : new TunnelChange(
                                text(tu, "pod"), text(tu, "oldPodUid"), text(tu, "newPodUid"), text(tu, "reason")),
                checks,
                text(n, "detail"),
                se == null
                        ? null
                        : new Seal(
                                se.path("events").asLong(), text(se, "head"), text(se, "signature"), text(se, "key")),
                text(n, "sealKey"),
                n.has("review") ? review(n.get("review")) : null,
                n.has("reconciliation") ? reconciliation(n.get("reconciliation")) : null,
                text(n, "prev"),
                text(n, "hash"));
    }

    private static StatementRecord statement(JsonNode st) {
        List<String> columns = null;
        if (st.has("columns")) {
            columns = new ArrayList<>();
            for (var c : st.get("columns")) {
                columns.add(c.asString());
            }
        }
        List<String> parameters = null;
        if (st.has("parameters")) {
            parameters = new ArrayList<>();
            for (var p : st.get("parameters")) {
                parameters.add(p.isNull() ? null : p.asString());
            }
        }
        return new StatementRecord(
                text(st, "sql"),
                text(st, "class"),
                st.has("rows") ? st.get("rows").asLong() : null,
                st.has("durationMs") ? st.get("durationMs").asDouble() : null,
                text(st, "sqlstate"),
                columns,
                text(st, "resultSha256"),
                text(st, "error"),
                text(st, "client"),
                text(st, "protocol"),
                parameters,
                text(st, "tag"),
                st.has("copyBytes") ? st.get("copyBytes").asLong() : null);
    }

    private static SessionReview review(JsonNode r) {
        return new SessionReview(uuid(text(r, "session")), text(r, "verdict"), text(r, "note"), text(r, "evidence"));
    }

    private static ReconciliationSummary reconciliation(JsonNode r) {
        List<String> sources = null;
        if (r.has("sources")) {
            sources = new ArrayList<>();
            for (var s : r.get("sources")) {
                sources.add(s.asString());
            }
        }
        return new ReconciliationSummary(
                uuid(text(r, "session")),
                text(r, "verdict"),
                text(r, "reason"),
                text(r, "selection"),
                r.has("from") ? Instant.parse(text(r, "from")) : null,
                r.has("to") ? Instant.parse(text(r, "to")) : null,
                sources,
                count(r, "serverStatements"),
                count(r, "matched"),
                count(r, "console"),
                count(r, "subStatements"),
                count(r, "unjournaled"),
                count(r, "notRun"),
                count(r, "denied"),
                count(r, "rowMismatches"),
                text(r, "reportSha256"));
    }

    private static Long count(JsonNode n, String name) {
        return n.has(name) ? n.get(name).asLong() : null;
    }

    private static String text(JsonNode n, String name) {
        var v = n.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static UUID uuid(String s) {
        return s == null ? null : UUID.fromString(s);
    }
}
