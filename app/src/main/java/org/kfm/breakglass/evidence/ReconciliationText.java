package org.kfm.breakglass.evidence;

import java.util.stream.Collectors;

/** The reconciliation report as an auditor reads it: verdict first, what it rests on, then one line per finding. */
public final class ReconciliationText {

    private ReconciliationText() {}

    public static String render(ReconciliationReport r) {
        var out = new StringBuilder();
        String nl = "\n";
        out.append("Reconciliation of session ")
                .append(r.session())
                .append(": ")
                .append(r.verdict().wireName().toUpperCase())
                .append(" — ")
                .append(r.reason())
                .append(nl);
        out.append("  backends: ").append(r.selection()).append(nl);
        out.append("  window:   ").append(r.from()).append(" – ").append(r.to()).append(nl);
        out.append("  logs:     ")
                .append(r.sources().isEmpty() ? "none" : String.join(", ", r.sources()))
                .append(nl);
        if (r.verdict() != ReconciliationReport.Verdict.NOT_RECONCILED) {
            var c = r.counts();
            out.append("  server:   ")
                    .append(c.serverStatements())
                    .append(" statement(s): ")
                    .append(c.matched())
                    .append(" journaled, ")
                    .append(c.console())
                    .append(" the console's own, ")
                    .append(c.subStatements())
                    .append(" inside a journaled one, ")
                    .append(c.unjournaled())
                    .append(" NOT journaled")
                    .append(nl);
            out.append("  journal:  ")
                    .append(c.notRun())
                    .append(" statement(s) the server has no record of, ")
                    .append(c.denied())
                    .append(" denied (not sent, as expected), ")
                    .append(c.rowMismatches())
                    .append(" row count(s) differ")
                    .append(nl);
        }
        out.append(r.findings().stream()
                .map(f -> String.format(
                        "%-4s %-18s %s%s", f.severity(), f.kind(), f.place() == null ? "" : f.place() + "  ", f.text()))
                .collect(Collectors.joining(nl)));
        if (!r.findings().isEmpty()) {
            out.append(nl);
        }
        return out.toString();
    }
}
