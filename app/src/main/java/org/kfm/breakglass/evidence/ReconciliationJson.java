package org.kfm.breakglass.evidence;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The reconciliation report as JSON ({@code reconciliation.json} in the evidence pack): keys sorted, indented. */
public final class ReconciliationJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ReconciliationJson() {}

    public static byte[] write(ReconciliationReport r) {
        var n = MAPPER.createObjectNode();
        n.put("session", r.session().toString());
        n.put("verdict", r.verdict().wireName());
        n.put("reason", r.reason());
        n.put("selection", r.selection());
        n.put("from", r.from().toString());
        n.put("to", r.to().toString());
        var sources = n.putArray("sources");
        r.sources().forEach(sources::add);
        var c = r.counts();
        var counts = n.putObject("counts");
        counts.put("serverStatements", c.serverStatements());
        counts.put("matched", c.matched());
        counts.put("console", c.console());
        counts.put("subStatements", c.subStatements());
        counts.put("unjournaled", c.unjournaled());
        counts.put("notRun", c.notRun());
        counts.put("denied", c.denied());
        counts.put("rowMismatches", c.rowMismatches());
        var findings = n.putArray("findings");
        for (var f : r.findings()) {
            ObjectNode o = findings.addObject();
            o.put("severity", f.severity().name());
            o.put("kind", f.kind().name());
            o.put("text", f.text());
            if (f.place() != null) {
                o.put("place", f.place());
            }
            if (f.journalEi() != null) {
                o.put("ei", f.journalEi());
            }
        }
        var matches = n.putArray("matches");
        for (var m : r.matches()) {
            ObjectNode o = matches.addObject();
            o.put("ei", m.journalEi());
            o.put("sql", m.sql());
            o.put("place", m.place());
            o.put("backend", m.backend());
            if (m.journalRows() != null) {
                o.put("journalRows", m.journalRows());
            }
            if (m.serverRows() != null) {
                o.put("serverRows", m.serverRows());
            }
            if (m.explained()) {
                o.put("explained", true);
            }
        }
        return (MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
