package org.kfm.breakglass.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.kfm.breakglass.demo.DemoPolicy;

/**
 * {@code breakglass query --sql "select 1"} as a whole command, as an operator runs it: a new JVM with the
 * installed launcher's options, the built jar, the fake cluster in its own process (the benchmark's
 * {@link ClusterProcess}), the demo policy (required cluster witness). Each round runs it once without and once
 * with {@value #LATENCY_MS} ms injected before every API answer (a remote API server), alternating which goes
 * first, and reads the fake API server's log of the operator's requests: how many, and which GETs repeat.
 */
final class SessionOpen {

    static final int LATENCY_MS = 50;
    // The Linux CLI launcher's heap options (packaging/app-image.args + packaging/linux/app-image.args, ADR 0026).
    private static final List<String> LAUNCHER_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx96m");
    private static final Pattern TIME_V = Pattern.compile("BENCHTIME (\\S+) (\\d+) (\\S+) (\\S+)");

    private final Path jar;
    private final ClusterProcess cluster;
    private final Path work;
    private final Figures figures;
    private final Consumer<String> log;

    SessionOpen(Path jar, ClusterProcess cluster, Path work, Figures figures, Consumer<String> log) {
        this.jar = jar;
        this.cluster = cluster;
        this.work = work;
        this.figures = figures;
        this.log = log;
    }

    void run(int rounds) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the bench through verify (it packages first)");
        }
        var dir = Files.createDirectories(work.resolve("open"));
        var policy = DemoPolicy.write(dir.resolve("policy.yaml"));
        // One unmeasured run: the page cache holds the jar afterwards, as it does for an operator's second command.
        once(dir, policy, 0, -1);
        for (int round = 0; round < rounds; round++) {
            boolean plainFirst = round % 2 == 0;
            for (int leg = 0; leg < 2; leg++) {
                once(dir, policy, (leg == 0) == plainFirst ? 0 : LATENCY_MS, round);
            }
        }
        cluster.latency(Duration.ZERO);
    }

    private void once(Path dir, Path policy, int latencyMs, int round) throws Exception {
        cluster.latency(Duration.ofMillis(latencyMs));
        cluster.clearRequests();
        var command = new ArrayList<>(List.of("/usr/bin/time", "-f", "BENCHTIME %e %M %U %S", java()));
        command.addAll(LAUNCHER_OPTIONS);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "query",
                "--kubeconfig",
                cluster.kubeconfig().toString(),
                "--policy",
                policy.toString(),
                "-d",
                cluster.database().database(),
                "--reason",
                "Benchmark: session open time (issue 15)",
                "--ticket",
                "BENCH-15",
                "--format",
                "csv",
                "--sql",
                "select 1"));
        var pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        pb.environment().put("HOME", dir.toString());
        var process = pb.start();
        var stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = process.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("breakglass query exited " + rc + ":\n" + stderr);
        }
        var m = TIME_V.matcher(stderr);
        if (!m.find()) {
            throw new IllegalStateException("no /usr/bin/time line in:\n" + stderr);
        }
        double wall = Double.parseDouble(m.group(1));
        double cpu = Double.parseDouble(m.group(3)) + Double.parseDouble(m.group(4));
        var requests = cluster.requests();
        var gets = new TreeMap<String, Integer>();
        for (var request : requests) {
            if (request.startsWith("GET ") && !request.contains("watch=true")) {
                gets.merge(request, 1, Integer::sum);
            }
        }
        var repeated = new TreeMap<String, Integer>();
        gets.forEach((request, n) -> {
            if (n > 1) {
                repeated.put(request, n);
            }
        });
        int repeats = repeated.values().stream().mapToInt(n -> n - 1).sum();
        String path = latencyMs == 0 ? "plain" : "latency" + latencyMs;
        if (round >= 0) {
            figures.add("open.wall." + path, wall);
            figures.add("open.cpu." + path, cpu);
            figures.add("open.requests." + path, requests.size());
            figures.add("open.repeatedGets." + path, repeats);
        }
        log.accept(String.format(
                Locale.ROOT,
                "%s open %-9s wall %.2f s, CPU %.2f s, %d API requests, %d repeated GETs %s",
                round < 0 ? "warm-up" : "round " + (round + 1),
                path,
                wall,
                cpu,
                requests.size(),
                repeats,
                repeated));
        if (round <= 0 && latencyMs == 0) {
            Files.write(work.resolve("open").resolve("requests" + (round < 0 ? "-warmup" : "") + ".log"), requests);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
