package org.kfm.breakglass.evidence.serverlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns log entries into statements: each {@code AUDIT:} entry is one pgaudit record; an {@code ERROR} (or
 * {@code FATAL}) followed, in the same backend, by its {@code STATEMENT} entry is a statement that failed (its
 * {@code DETAIL}, {@code HINT}, {@code CONTEXT} lines may come between). pgaudit's {@code <previously logged>}
 * stands for the text of the same statement id's earlier record and is replaced by it. An entry whose prefix reads
 * more than one way becomes an {@link ServerStatement.Kind#AMBIGUOUS} statement, whatever each reading says.
 */
final class BackendStatements {

    private static final Set<String> ERRORS = Set.of("ERROR", "FATAL", "PANIC");
    private static final Set<String> ERROR_DETAILS = Set.of("DETAIL", "HINT", "CONTEXT", "QUERY", "LOCATION");

    private BackendStatements() {}

    static List<ServerStatement> collect(String source, List<LogEntry> entries) {
        var out = new ArrayList<ServerStatement>();
        Map<String, LogEntry> pendingError = new HashMap<>();
        Map<String, String> textOfStatement = new HashMap<>();
        for (var e : entries) {
            String backend = e.identity().backend();
            if (e.ambiguous()) {
                // What the line says cannot be established: keep it as it is, with every reading, for the report.
                out.add(statement(source, e, backend, ServerStatement.Kind.AMBIGUOUS, null, e.message(), null));
                continue;
            }
            if (e.message().startsWith(PgAuditRecord.PREFIX) && "LOG".equals(e.severity())) {
                pendingError.remove(backend);
                out.add(audited(source, e, backend, textOfStatement));
            } else if (ERRORS.contains(e.severity())) {
                pendingError.put(backend, e);
            } else if ("STATEMENT".equals(e.severity())) {
                var error = pendingError.remove(backend);
                if (error != null) {
                    out.add(statement(
                            source, error, backend, ServerStatement.Kind.FAILED, null, e.message(), error.message()));
                }
            } else if (!ERROR_DETAILS.contains(e.severity())) {
                pendingError.remove(backend);
            }
        }
        return out;
    }

    private static ServerStatement audited(
            String source, LogEntry e, String backend, Map<String, String> textOfStatement) {
        PgAuditRecord record;
        try {
            record = PgAuditRecord.parse(e.message());
        } catch (IllegalArgumentException bad) {
            return statement(source, e, backend, ServerStatement.Kind.UNREADABLE, null, e.message(), bad.getMessage());
        }
        String key = backend + "#" + record.statementId();
        String text = record.statement();
        if (PgAuditRecord.PREVIOUSLY_LOGGED.equals(text)) {
            text = textOfStatement.getOrDefault(key, text);
        } else {
            textOfStatement.put(key, text);
        }
        return statement(source, e, backend, ServerStatement.Kind.AUDITED, record, text, null);
    }

    private static ServerStatement statement(
            String source,
            LogEntry e,
            String backend,
            ServerStatement.Kind kind,
            PgAuditRecord record,
            String text,
            String error) {
        var id = e.identity();
        return new ServerStatement(
                source,
                e.line(),
                id.time(),
                backend,
                id.pid(),
                id.user(),
                id.database(),
                id.application(),
                kind,
                record,
                text,
                error,
                e.ambiguous(),
                e.alternatives());
    }
}
