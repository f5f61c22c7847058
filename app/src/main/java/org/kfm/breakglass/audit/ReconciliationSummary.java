package org.kfm.breakglass.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The payload of {@code session.reconciled}: what comparing a session's journal with the database server's own
 * audit log (pgaudit) found, in counts; each FAIL/WARN finding travels in the event's {@code checks}. Written
 * inside the session when the console reconciles at its end, or as an event of no session when someone reconciles
 * a sealed session later (then the event's {@code operator} is who ran it).
 *
 * @param session          the reconciled session
 * @param verdict          {@code clean}, {@code warn}, {@code fail} or {@code not-reconciled}
 * @param reason           why it could not be reconciled, or a one-line summary
 * @param selection        how the session's backends were picked, e.g. {@code role bg_6b1f0b6e}
 * @param from             start of the window of server log that was compared
 * @param to               end of that window
 * @param sources          the logs read, e.g. {@code pod kfm-stage/postgis-0 container postgres}
 * @param serverStatements statements the session's backends ran, as the server logged them
 * @param matched          of those, the ones matched one to one with a journaled statement
 * @param console          the ones the console sends on its own (read-only transaction, checks), known by text
 * @param subStatements    statements run inside a journaled statement (a function's body)
 * @param unjournaled      server statements with no {@code query.begin}: FAIL
 * @param notRun           journaled statements the server has no record of (query.denied not counted): WARN
 * @param denied           {@code query.denied} statements, expected absent
 * @param rowMismatches    statements whose row count differs between the journal and the server
 * @param reportSha256     hex SHA-256 of the full report ({@code reconciliation.json} in the evidence pack)
 */
public record ReconciliationSummary(
        UUID session,
        String verdict,
        String reason,
        String selection,
        Instant from,
        Instant to,
        List<String> sources,
        Long serverStatements,
        Long matched,
        Long console,
        Long subStatements,
        Long unjournaled,
        Long notRun,
        Long denied,
        Long rowMismatches,
        String reportSha256) {

    public ReconciliationSummary {
        if (session == null || verdict == null) {
            throw new IllegalArgumentException("a reconciliation names its session and verdict");
        }
        sources = sources == null ? null : List.copyOf(sources);
    }
}
