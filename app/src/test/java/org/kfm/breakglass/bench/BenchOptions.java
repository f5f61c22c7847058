package org.kfm.breakglass.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line knobs ({@code --name=value}); the defaults are what docs/BENCHMARKS.md reports.
 *
 * @param pgbenchSeconds how long each pgbench run of the endpoint part lasts ({@code -T})
 * @param only which parts to run: copy, select, link, audit, session, open, verify, cli, map, gui, endpoint
 */
record BenchOptions(
        int rounds,
        int copyRows,
        int copyWarmUp,
        int selectWarmUp,
        int selectIterations,
        int linkIterations,
        int auditIterations,
        int sessionIterations,
        long journalEvents,
        int pgbenchSeconds,
        Path outDir,
        Path tmpfsDir,
        Set<String> only) {

    static final Set<String> PARTS =
            Set.of("copy", "select", "link", "audit", "session", "open", "verify", "cli", "map", "gui", "endpoint");

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        var options = new BenchOptions(
                Integer.parseInt(given.getOrDefault("rounds", "3")),
                Integer.parseInt(given.getOrDefault("copy-rows", "400000")),
                Integer.parseInt(given.getOrDefault("copy-warmup", "2")),
                Integer.parseInt(given.getOrDefault("select-warmup", "2000")),
                Integer.parseInt(given.getOrDefault("select-iterations", "5000")),
                Integer.parseInt(given.getOrDefault("link-iterations", "2000")),
                Integer.parseInt(given.getOrDefault("audit-iterations", "2000")),
                Integer.parseInt(given.getOrDefault("session-iterations", "1000")),
                Long.parseLong(given.getOrDefault("journal-events", "1000000")),
                Integer.parseInt(given.getOrDefault("pgbench-seconds", "10")),
                Path.of(given.getOrDefault("out", "target/bench")),
                Path.of(given.getOrDefault("tmpfs", "/dev/shm")),
                Set.copyOf(Arrays.asList(
                        given.getOrDefault("only", String.join(",", PARTS)).split(","))));
        for (String part : options.only) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("unknown part '" + part + "' in --only; choose from " + PARTS);
            }
        }
        var known = Set.of(
                "rounds",
                "copy-rows",
                "copy-warmup",
                "select-warmup",
                "select-iterations",
                "link-iterations",
                "audit-iterations",
                "session-iterations",
                "journal-events",
                "pgbench-seconds",
                "out",
                "tmpfs",
                "only");
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
            }
        }
        return options;
    }

    boolean runs(String part) {
        return only.contains(part);
    }
}
