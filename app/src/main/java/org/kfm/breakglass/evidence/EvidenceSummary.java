package org.kfm.breakglass.evidence;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kfm.breakglass.audit.VerificationReport;

/** The one page for the incident ticket ({@code summary.md}, {@code summary.html}) from what the pack holds. */
final class EvidenceSummary {

    private static final int STATEMENTS_SHOWN = 15;

    private EvidenceSummary() {}

    static SummaryPage page(
            SessionHistory h,
            SessionChain chain,
            VerificationReport verification,
            Optional<ReconciliationReport> reconciliation,
            Optional<String> witness) {
        var j = h.justification();
        var page = new SummaryPage("Break-glass session " + h.session() + (j == null ? "" : " — " + j.ticket()));
        page.heading("Who, what, when");
        if (h.operator() != null) {
            page.row(
                    "Operator",
                    h.operator().osUser() + "@" + h.operator().host() + " (Kubernetes user "
                            + h.operator().kubeUser() + ")");
        }
        if (j != null) {
            page.row(
                    "Justification",
                    j.reason() + " [" + j.ticket() + ", " + j.mode() + ", " + j.durationSeconds() + " s]");
        }
        page.row(
                "Time",
                h.started() + " → " + h.ended().map(Object::toString).orElse("(no end)")
                        + h.ended()
                                .map(e -> " (" + human(Duration.between(h.started(), e)) + ")")
                                .orElse("")
                        + (h.abandoned() ? " — the console died; the session was closed at the next start" : ""));
        for (var t : h.targets()) {
            page.row(
                    "Target",
                    t.context() + " " + t.server() + " namespace " + t.namespace() + ", service " + t.service()
                            + " → pod " + t.pod() + " (uid " + t.podUid() + "), database " + t.database() + " as "
                            + t.dbUser());
        }
        for (var e : h.elevations()) {
            page.row("Elevated", e.reason() + " [" + e.ticket() + ", " + e.mode() + "]");
        }
        page.heading("Preflight");
        Map<String, Integer> verdicts = new TreeMap<>();
        h.preflight().forEach(c -> verdicts.merge(c.verdict(), 1, Integer::sum));
        page.row("Checks", verdicts.isEmpty() ? "none journaled" : verdicts.toString());
        h.preflight().stream()
                .filter(c -> !"PASS".equals(c.verdict()))
                .forEach(c -> page.item(c.verdict() + " " + c.name() + ": " + c.reason(), null));
        page.heading("Statements");
        Map<String, Integer> outcomes = new TreeMap<>();
        h.statements().forEach(s -> outcomes.merge(s.outcome().name().toLowerCase(), 1, Integer::sum));
        page.row("Count", h.statements().size() + " " + outcomes);
        h.statements().stream()
                .limit(STATEMENTS_SHOWN)
                .forEach(s -> page.item(
                        "ei " + s.ei() + " " + s.sqlClass() + " "
                                + s.outcome().name().toLowerCase()
                                + (s.rows() == null ? "" : ", " + s.rows() + " row(s)")
                                + (s.resultSha256() == null
                                        ? ""
                                        : ", result " + s.resultSha256().substring(0, 12) + "…")
                                + (s.error() == null ? "" : ", " + s.error())
                                + ":",
                        s.sql()));
        if (h.statements().size() > STATEMENTS_SHOWN) {
            page.item((h.statements().size() - STATEMENTS_SHOWN) + " more in statements.json", null);
        }
        page.row("Exports", h.exports().isEmpty() ? "none" : h.exports().size() + " (exports.json)");
        h.exports()
                .forEach(e -> page.item(
                        "ei " + e.ei() + " " + e.detail(),
                        e.stmt() == null ? null : e.stmt().sql()));
        page.heading("Does the record hold?");
        page.row(
                "Journal",
                chain.run().size() + " chained line(s), seq " + chain.firstSeq() + "–" + chain.lastSeq()
                        + (chain.otherSessions().isEmpty()
                                ? ""
                                : ", with lines of " + chain.otherSessions().size()
                                        + " other session(s) written between them"));
        page.row(
                "Seal",
                h.seal()
                        .map(s -> s.events() + " events, " + (s.signature() == null ? "unsigned" : "signed"))
                        .orElse("none"));
        page.row(
                "Journal verified when packed",
                verification.summary().lines().findFirst().orElse(""));
        witness.ifPresent(w -> page.row("Witness", w.lines().findFirst().orElse("")));
        page.row(
                "Server log",
                reconciliation
                        .map(r -> r.verdict().wireName().toUpperCase() + " — " + r.reason())
                        .orElse("not reconciled: no reconciliation report was given to the pack"));
        reconciliation.ifPresent(r -> r.findings().stream()
                .filter(f -> f.severity() != Finding.Severity.INFO)
                .limit(10)
                .forEach(f -> page.item(f.severity() + " " + f.kind() + ": " + f.text(), null)));
        page.row("Check this pack", "breakglass evidence verify <pack>.zip --public-key <the journal's seal key>");
        return page;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}
