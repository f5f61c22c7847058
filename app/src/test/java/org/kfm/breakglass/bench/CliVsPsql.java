package org.kfm.breakglass.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * psql direct vs {@code breakglass query --format csv} through the demo cluster, as an operator runs them: the
 * built jar's {@code demo-cluster} in a process of its own (fake API server, port-forward bridge, PostgreSQL),
 * then for each query psql against the database directly and the CLI through the cluster, alternating which goes
 * first. psql's statement time is its {@code \timing}; the CLI's is the one it prints ({@code · N row(s) · X ms}).
 * Wall and peak RSS of each process come from {@code /usr/bin/time}. The CLI runs as installed: the launcher's JVM
 * options and its AOT cache ({@link CliLauncher}).
 */
final class CliVsPsql {

    static final Map<String, String> QUERIES = Map.of(
            "md5",
            "select i, md5(i::text) from generate_series(1,1000000) i",
            "points",
            "select i, ST_SetSRID(ST_MakePoint(i % 360 - 180, i % 170 - 85), 4326) AS geom"
                    + " from generate_series(1,1000000) i");

    private static final Pattern PSQL_TIME = Pattern.compile("Time: ([0-9.]+) ms");
    private static final Pattern CLI_TIME = Pattern.compile("· (\\d+) row\\(s\\) · ([0-9.]+) ms");
    private static final Pattern TIME_V = Pattern.compile("BENCHTIME (\\S+) (\\d+)");

    private final Path jar;
    private final CliLauncher launcher;
    private final Path work;
    private final Figures figures;
    private final Consumer<String> log;

    CliVsPsql(Path jar, CliLauncher launcher, Path work, Figures figures, Consumer<String> log) {
        this.jar = jar;
        this.launcher = launcher;
        this.work = work;
        this.figures = figures;
        this.log = log;
    }

    void run(int rounds) throws Exception {
        var dir = Files.createDirectories(work.resolve("cli"));
        try (var demo = DemoClusterProcess.start(jar, dir, log)) {
            var pgEnv = demo.pgEnv();
            for (int round = 0; round < rounds; round++) {
                for (var query : QUERIES.entrySet()) {
                    boolean psqlFirst = round % 2 == 0;
                    for (int leg = 0; leg < 2; leg++) {
                        if ((leg == 0) == psqlFirst) {
                            psql(query.getKey(), query.getValue(), pgEnv, round);
                        } else {
                            cli(query.getKey(), query.getValue(), dir, round);
                        }
                    }
                    figures.add(
                            "cli." + query.getKey() + ".ratio",
                            last("cli." + query.getKey() + ".cli.ms") / last("cli." + query.getKey() + ".psql.ms"));
                }
            }
        }
    }

    private void psql(String name, String sql, Map<String, String> pgEnv, int round) throws Exception {
        var pb = new ProcessBuilder(
                timed(List.of("psql", "-X", "-q", "--csv", "-c", "\\timing on", "-c", sql, "-o", "/dev/null")));
        pb.environment().putAll(pgEnv);
        var result = runProcess(pb);
        var ms = find(PSQL_TIME, result.stdout(), "psql \\timing");
        figures.add("cli." + name + ".psql.ms", Double.parseDouble(ms.get(0)));
        record(name, "psql", result, round);
    }

    private void cli(String name, String sql, Path dir, int round) throws Exception {
        var command = new ArrayList<String>();
        command.addAll(launcher.command(launcher.caches().getLast()));
        command.addAll(List.of(
                "query",
                "--kubeconfig",
                dir.resolve("kubeconfig").toString(),
                "--policy",
                dir.resolve("policy.yaml").toString(),
                "-d",
                "kfm",
                "--reason",
                "Benchmark: result speed against psql (issue 15)",
                "--ticket",
                "BENCH-15",
                "--format",
                "csv",
                "--sql",
                sql));
        var pb = new ProcessBuilder(timed(command)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        var result = runProcess(pb);
        var found = find(CLI_TIME, result.stderr(), "the CLI's statement report");
        if (!found.get(0).equals("1000000")) {
            throw new IllegalStateException("the CLI returned " + found.get(0) + " rows:\n" + result.stderr());
        }
        figures.add("cli." + name + ".cli.ms", Double.parseDouble(found.get(1)));
        record(name, "cli", result, round);
    }

    private void record(String name, String side, Run result, int round) {
        var time = find(TIME_V, result.stderr(), "/usr/bin/time");
        double wall = Double.parseDouble(time.get(0));
        double rssMb = Long.parseLong(time.get(1)) / 1024.0;
        figures.add("cli." + name + "." + side + ".wall", wall);
        figures.add("cli." + name + "." + side + ".rss", rssMb);
        log.accept(String.format(
                java.util.Locale.ROOT,
                "round %d %s %-4s statement %.0f ms, wall %.2f s, peak RSS %.0f MB",
                round + 1,
                name,
                side,
                last("cli." + name + "." + side + ".ms"),
                wall,
                rssMb));
    }

    private static List<String> timed(List<String> command) {
        var all = new ArrayList<>(List.of("/usr/bin/time", "-f", "BENCHTIME %e %M"));
        all.addAll(command);
        return all;
    }

    private record Run(String stdout, String stderr) {}

    private static Run runProcess(ProcessBuilder pb) throws IOException, InterruptedException {
        var process = pb.start();
        var stdout = new java.io.ByteArrayOutputStream();
        var copier = Thread.ofVirtual().start(() -> {
            try {
                if (pb.redirectOutput() != ProcessBuilder.Redirect.DISCARD) {
                    process.getInputStream().transferTo(stdout);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        copier.join();
        int rc = process.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(pb.command().get(3) + " exited " + rc + ":\n" + stderr);
        }
        return new Run(stdout.toString(StandardCharsets.UTF_8), stderr);
    }

    private static List<String> find(Pattern pattern, String text, String what) {
        var m = pattern.matcher(text);
        String[] groups = null;
        while (m.find()) {
            groups = new String[m.groupCount()];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = m.group(i + 1);
            }
        }
        if (groups == null) {
            throw new IllegalStateException("no " + what + " in:\n" + text);
        }
        return List.of(groups);
    }

    private double last(String name) {
        var values = figures.get(name).values();
        return values.get(values.size() - 1);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
