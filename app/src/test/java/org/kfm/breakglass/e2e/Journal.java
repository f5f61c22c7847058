package org.kfm.breakglass.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test-side reader of an audit directory: every record of every journal file, in file order. */
public final class Journal {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<JsonNode> records;

    private Journal(List<JsonNode> records) {
        this.records = records;
    }

    /** Reads {@code journal-*.jsonl} in {@code auditDir}; an absent directory is an empty journal. */
    public static Journal read(Path auditDir) {
        var records = new ArrayList<JsonNode>();
        if (!Files.isDirectory(auditDir)) {
            return new Journal(records);
        }
        try (Stream<Path> files = Files.list(auditDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("journal-.*\\.jsonl"))
                    .sorted()
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        records.add(JSON.readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Journal(records);
    }

    /** Every journal file's raw text, for greps. */
    public static String rawText(Path auditDir) {
        if (!Files.isDirectory(auditDir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(auditDir)) {
            var text = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                text.append(Files.readString(file)).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<JsonNode> records() {
        return records;
    }

    public List<String> types() {
        return records.stream().map(r -> r.path("type").asString()).toList();
    }

    public List<JsonNode> ofType(String type) {
        return records.stream()
                .filter(r -> r.path("type").asString().equals(type))
                .toList();
    }

    public JsonNode first(String type) {
        return ofType(type).stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " record in " + types()));
    }

    /**
     * The SQL of every {@code query.begin}: what was sent to the database, the console's own checks after login
     * (PostGIS, privileges) included.
     */
    public List<String> sentSql() {
        return ofType("query.begin").stream()
                .map(r -> r.path("stmt").path("sql").asString())
                .toList();
    }

    /** The first {@code query.begin} whose SQL is exactly {@code sql}. */
    public JsonNode begin(String sql) {
        return ofType("query.begin").stream()
                .filter(r -> r.path("stmt").path("sql").asString().equals(sql))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no query.begin for " + sql + " in " + sentSql()));
    }

    /**
     * What the operator's statements caused: the records after the console's own checks after login (the PostGIS
     * and privilege checks run as journaled statements and close with their {@code session.preflight} record).
     */
    public Journal afterLoginChecks() {
        int last = types().lastIndexOf("session.preflight");
        return new Journal(last < 0 ? records : records.subList(last + 1, records.size()));
    }

    /** Records after the first record of {@code type}. */
    public List<JsonNode> after(String type) {
        int index = types().indexOf(type);
        return index < 0 ? List.of() : records.subList(index + 1, records.size());
    }

    @Override
    public String toString() {
        return String.join("\n", records.stream().map(JsonNode::toString).toList());
    }
}
