package org.kfm.breakglass.evidence.serverlog;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Turns a real server's csvlog into the JSON lines CloudNativePG's instance manager writes from it (its
 * {@code logpipe}: each csvlog record becomes {@code {"level","ts","logger","msg":"record","record":{…},
 * "logging_pod"}}, pgaudit's records with {@code "logger":"pgaudit"} and the payload split into
 * {@code record.audit}). The values are the server's own; only the wrapping is done here.
 */
final class CloudNativePgLines {

    /** PostgreSQL 15's csvlog columns, in order, by the names CloudNativePG gives them. */
    private static final List<String> COLUMNS = List.of(
            "log_time",
            "user_name",
            "database_name",
            "process_id",
            "connection_from",
            "session_id",
            "session_line_num",
            "command_tag",
            "session_start_time",
            "virtual_transaction_id",
            "transaction_id",
            "error_severity",
            "sql_state_code",
            "message",
            "detail",
            "hint",
            "internal_query",
            "internal_query_pos",
            "context",
            "query",
            "query_pos",
            "location",
            "application_name",
            "backend_type",
            "leader_pid",
            "query_id");

    private static final List<String> AUDIT = List.of(
            "audit_type",
            "statement_id",
            "substatement_id",
            "class",
            "command",
            "object_type",
            "object_name",
            "statement",
            "parameter",
            "rows");

    private static final CsvMapper CSV = CsvMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CloudNativePgLines() {}

    static List<String> fromCsvlog(Path csv, String pod) throws IOException {
        var out = new ArrayList<String>();
        try (var rows = CSV.readerFor(String[].class)
                .with(CsvReadFeature.WRAP_AS_ARRAY)
                .<String[]>readValues(Files.readString(csv))) {
            while (rows.hasNext()) {
                String[] f = rows.next();
                ObjectNode record = JSON.createObjectNode();
                for (int i = 0; i < Math.min(f.length, COLUMNS.size()); i++) {
                    if (!f[i].isEmpty()) {
                        record.put(COLUMNS.get(i), f[i]);
                    }
                }
                String logger = "postgres";
                String message = f[13];
                if (message.startsWith("AUDIT: ")) {
                    try (var audit = CSV.readerFor(String[].class)
                            .with(CsvReadFeature.WRAP_AS_ARRAY)
                            .<String[]>readValues(message.substring("AUDIT: ".length()))) {
                        String[] a = audit.next();
                        var node = record.putObject("audit");
                        for (int i = 0; i < a.length; i++) {
                            if (!a[i].isEmpty()) {
                                node.put(AUDIT.get(i), a[i]);
                            }
                        }
                    }
                    record.remove("message");
                    logger = "pgaudit";
                }
                var line = JSON.createObjectNode();
                line.put("level", "info");
                line.put("ts", new BigDecimal("1764623559.718813"));
                line.put("logger", logger);
                line.put("msg", "record");
                line.set("record", record);
                line.put("logging_pod", pod);
                out.add(JSON.writeValueAsString(line));
            }
        }
        return out;
    }
}
