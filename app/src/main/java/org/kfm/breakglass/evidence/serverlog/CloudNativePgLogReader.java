package org.kfm.breakglass.evidence.serverlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads CloudNativePG's JSON log lines. Its instance manager reads PostgreSQL's csvlog and writes one JSON object a
 * line on stdout: {@code {"level","ts","logger","msg","record":{...},"logging_pod"}}. pgaudit's records come as
 * {@code "logger":"pgaudit"} with the CSV payload split into {@code record.audit} ({@code audit_type},
 * {@code statement_id}, {@code substatement_id}, {@code class}, {@code command}, {@code object_type},
 * {@code object_name}, {@code statement}, {@code parameter}, {@code rows}); other server entries as
 * {@code "logger":"postgres"}, where a failed statement is an {@code ERROR} whose statement is in
 * {@code record.query} (csvlog keeps it in the same record). A pgaudit line the manager could not split arrives as
 * {@code postgres} with the {@code AUDIT:} message intact and is read here. Lines of other loggers (the instance
 * manager itself, {@code pg_ctl}, WAL archiving) are entries, not statements.
 */
final class CloudNativePgLogReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ERRORS = Set.of("ERROR", "FATAL", "PANIC");
    private static final int SAMPLE_LENGTH = 200;

    private CloudNativePgLogReader() {}

    static ServerLog read(String source, List<String> lines) {
        var statements = new ArrayList<ServerStatement>();
        var marks = new ArrayList<LineMark>();
        var samples = new ArrayList<String>();
        long unrecognized = 0;
        long entries = 0;
        Instant first = null;
        Instant last = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            JsonNode node = parse(line);
            if (node == null) {
                unrecognized++;
                if (samples.size() < 3) {
                    samples.add("line " + (i + 1) + ": "
                            + (line.length() > SAMPLE_LENGTH ? line.substring(0, SAMPLE_LENGTH) + "…" : line));
                }
                continue;
            }
            entries++;
            var record = node.get("record");
            Instant time = record == null
                    ? null
                    : LogTimes.parse(text(record, "log_time")).orElse(null);
            if (time == null) {
                time = epoch(node.get("ts"));
            }
            if (time != null) {
                first = first == null ? time : first;
                last = time;
            }
            if (record == null || !record.isObject()) {
                continue;
            }
            statement(source, i + 1L, text(node, "logger"), record, time).ifPresent(statements::add);
            LineMark.of(
                            backendOf(record),
                            text(record, "user_name"),
                            text(record, "application_name"),
                            text(record, "session_line_num"))
                    .ifPresent(marks::add);
        }
        return new ServerLog(
                source,
                statements,
                lines.size(),
                entries,
                unrecognized,
                samples,
                Optional.ofNullable(first),
                Optional.ofNullable(last),
                marks);
    }

    private static String backendOf(JsonNode record) {
        return new LogEntry.Identity(
                        null, text(record, "session_id"), text(record, "process_id"), null, null, null, null)
                .backend();
    }

    private static Optional<ServerStatement> statement(
            String source, long line, String logger, JsonNode record, Instant time) {
        var identity = new LogEntry.Identity(
                time,
                text(record, "session_id"),
                text(record, "process_id"),
                text(record, "user_name"),
                text(record, "database_name"),
                text(record, "application_name"),
                text(record, "session_line_num"));
        var audit = record.get("audit");
        String message = text(record, "message");
        if ("pgaudit".equals(logger) && audit != null && audit.isObject()) {
            try {
                var r = PgAuditRecord.of(
                        text(audit, "audit_type"),
                        text(audit, "statement_id"),
                        text(audit, "substatement_id"),
                        text(audit, "class"),
                        text(audit, "command"),
                        text(audit, "object_type"),
                        text(audit, "object_name"),
                        text(audit, "statement"),
                        text(audit, "parameter"),
                        text(audit, "rows"));
                return Optional.of(of(source, line, identity, ServerStatement.Kind.AUDITED, r, r.statement(), null));
            } catch (IllegalArgumentException bad) {
                return Optional.of(of(
                        source,
                        line,
                        identity,
                        ServerStatement.Kind.UNREADABLE,
                        null,
                        audit.toString(),
                        bad.getMessage()));
            }
        }
        if (message != null && message.startsWith(PgAuditRecord.PREFIX)) {
            try {
                var r = PgAuditRecord.parse(message);
                return Optional.of(of(source, line, identity, ServerStatement.Kind.AUDITED, r, r.statement(), null));
            } catch (IllegalArgumentException bad) {
                return Optional.of(
                        of(source, line, identity, ServerStatement.Kind.UNREADABLE, null, message, bad.getMessage()));
            }
        }
        String query = text(record, "query");
        if (ERRORS.contains(text(record, "error_severity")) && query != null && !query.isEmpty()) {
            return Optional.of(of(source, line, identity, ServerStatement.Kind.FAILED, null, query, message));
        }
        return Optional.empty();
    }

    private static ServerStatement of(
            String source,
            long line,
            LogEntry.Identity id,
            ServerStatement.Kind kind,
            PgAuditRecord record,
            String text,
            String error) {
        return new ServerStatement(
                source,
                line,
                id.time(),
                id.backend(),
                id.pid(),
                id.user(),
                id.database(),
                id.application(),
                kind,
                record,
                text,
                error,
                false,
                List.of());
    }

    private static JsonNode parse(String line) {
        try {
            var node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Members are strings in CloudNativePG's records; newer versions may write numbers: both read as text. */
    private static String text(JsonNode node, String name) {
        var v = node.get(name);
        return v == null || v.isNull() || v.isContainer() ? null : v.asString();
    }

    private static Instant epoch(JsonNode ts) {
        if (ts == null || !ts.isNumber()) {
            return null;
        }
        var seconds = ts.decimalValue();
        return Instant.ofEpochSecond(
                seconds.longValue(),
                seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
    }
}
