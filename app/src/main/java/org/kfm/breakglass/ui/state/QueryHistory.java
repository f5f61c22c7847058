package org.kfm.breakglass.ui.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** Statements run per target, newest first, in {@code query-history.json}. */
public final class QueryHistory {
    static final int LIMIT_PER_TARGET = 200;

    /** One statement the operator ran. */
    public record Entry(String sql, String ranAt, String outcome) {}

    private final JsonStateFile<Map<String, List<Entry>>> file;

    public QueryHistory(Path stateDirectory) {
        this.file = new JsonStateFile<>(
                stateDirectory.resolve("query-history.json"), new TypeReference<>() {}, LinkedHashMap::new);
    }

    public synchronized List<Entry> list(String targetKey) {
        return List.copyOf(file.read().getOrDefault(targetKey, List.of()));
    }

    public synchronized Entry add(String targetKey, String sql, String outcome, Instant when) {
        var all = new LinkedHashMap<>(file.read());
        var entries = new ArrayList<>(all.getOrDefault(targetKey, List.of()));
        var entry = new Entry(sql, when.toString(), outcome);
        entries.removeIf(e -> e.sql().equals(sql));
        entries.addFirst(entry);
        while (entries.size() > LIMIT_PER_TARGET) {
            entries.removeLast();
        }
        all.put(targetKey, entries);
        file.write(all);
        return entry;
    }
}
