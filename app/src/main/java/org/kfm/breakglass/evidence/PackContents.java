package org.kfm.breakglass.evidence;

import java.nio.charset.StandardCharsets;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditTarget;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pack's entries that are read off the journal: identity, preflight, statements and exports. Each is a pure
 * function of the session's journal lines, so the verifier recomputes it from the pack's own lines and finds any
 * entry that does not say what the journal says, signed or not.
 */
final class PackContents {

    private PackContents() {}

    static byte[] identity(SessionHistory h) {
        var n = ReconciliationJson.MAPPER.createObjectNode();
        n.put("session", h.session().toString());
        n.put("started", h.started().toString());
        h.ended().ifPresent(t -> n.put("ended", t.toString()));
        n.put("abandoned", h.abandoned());
        if (h.operator() != null) {
            var o = n.putObject("operator");
            put(o, "osUser", h.operator().osUser());
            put(o, "host", h.operator().host());
            put(o, "kubeUser", h.operator().kubeUser());
        }
        if (h.justification() != null) {
            justification(n.putObject("justification"), h.justification());
        }
        var elevations = n.putArray("elevations");
        h.elevations().forEach(j -> justification(elevations.addObject(), j));
        var targets = n.putArray("targets");
        h.targets().forEach(t -> target(targets.addObject(), t));
        h.seal().ifPresent(s -> {
            var o = n.putObject("seal");
            o.put("events", s.events());
            o.put("head", s.head());
            o.put("signed", s.signature() != null);
            put(o, "key", s.key());
        });
        return bytes(n);
    }

    static byte[] preflight(SessionHistory h) {
        var n = ReconciliationJson.MAPPER.createObjectNode();
        var checks = n.putArray("checks");
        for (var c : h.preflight()) {
            var o = checks.addObject();
            put(o, "name", c.name());
            put(o, "verdict", c.verdict());
            put(o, "reason", c.reason());
        }
        return bytes(n);
    }

    static byte[] statements(SessionHistory h) {
        var n = ReconciliationJson.MAPPER.createObjectNode();
        var list = n.putArray("statements");
        for (var s : h.statements()) {
            var o = list.addObject();
            o.put("ei", s.ei());
            o.put("time", s.time().toString());
            put(o, "class", s.sqlClass());
            put(o, "sql", s.sql());
            o.put("outcome", s.outcome().name().toLowerCase());
            if (s.rows() != null) {
                o.put("rows", s.rows());
            }
            if (s.durationMs() != null) {
                o.put("durationMs", s.durationMs());
            }
            put(o, "sqlstate", s.sqlstate());
            put(o, "error", s.error());
            put(o, "resultSha256", s.resultSha256());
            if (!s.columns().isEmpty()) {
                var cols = o.putArray("columns");
                s.columns().forEach(cols::add);
            }
        }
        return bytes(n);
    }

    static byte[] exports(SessionHistory h) {
        var n = ReconciliationJson.MAPPER.createObjectNode();
        var list = n.putArray("exports");
        for (var e : h.exports()) {
            var o = list.addObject();
            o.put("ei", e.ei());
            o.put("time", e.time().toString());
            put(o, "detail", e.detail());
            if (e.stmt() != null) {
                put(o, "sql", e.stmt().sql());
                if (e.stmt().rows() != null) {
                    o.put("rows", e.stmt().rows());
                }
                put(o, "resultSha256", e.stmt().resultSha256());
            }
        }
        return bytes(n);
    }

    private static void justification(ObjectNode o, AuditJustification j) {
        put(o, "reason", j.reason());
        put(o, "ticket", j.ticket());
        if (j.durationSeconds() != null) {
            o.put("durationSeconds", j.durationSeconds());
        }
        put(o, "mode", j.mode());
    }

    private static void target(ObjectNode o, AuditTarget t) {
        put(o, "context", t.context());
        put(o, "server", t.server());
        put(o, "namespace", t.namespace());
        put(o, "service", t.service());
        put(o, "pod", t.pod());
        put(o, "podUid", t.podUid());
        put(o, "database", t.database());
        put(o, "dbUser", t.dbUser());
    }

    private static void put(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static byte[] bytes(ObjectNode n) {
        return (ReconciliationJson.MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
