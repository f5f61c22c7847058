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
 * installed launcher's options ({@link CliLauncher}), the built jar, the fake cluster in its own process (the
 * benchmark's {@link ClusterProcess}), the demo policy (required cluster witness). Each round runs it without and
 * with the AOT cache the installed launcher has, each once without and once with {@value #LATENCY_MS} ms injected
 * before every API answer (a remote API server), alternating which goes first, and reads the fake API server's log
 * of the operator's requests: how many, and which GETs repeat.
 */
final class SessionOpen {

    static final int LATENCY_MS = 50;
    private static final Pattern TIME_V = Pattern.compile("BENCHTIME (\\S+) (\\d+) (\\S+) (\\S+)");

    private final Path jar;
    private final CliLauncher launcher;
    private final ClusterProcess cluster;
    private final Path work;
    private final Figures figures;
    private final Consumer<String> log;

    SessionOpen(
            Path jar, CliLauncher launcher, ClusterProcess cluster, Path work, Figures figures, Consumer<String> log) {
        this.jar = jar;
        this.launcher = launcher;
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
        var caches = launcher.caches();
        // One unmeasured run each: the page cache holds the jar (and the AOT cache) afterwards, as it does for an
        // operator's second command.
        for (var cache : caches) {
            once(dir, policy, cache, 0, -1);
        }
        for (int round = 0; round < rounds; round++) {
            boolean plainFirst = round % 2 == 0;
            for (int c = 0; c < caches.size(); c++) {
                // Which cache goes first alternates too, so load drifts hit both alike.
                var cache = caches.get((c + round) % caches.size());
                for (int leg = 0; leg < 2; leg++) {
                    once(dir, policy, cache, (leg == 0) == plainFirst ? 0 : LATENCY_MS, round);
                }
            }
        }
        cluster.latency(Duration.ZERO);
    }

    /** The figures' name for a cache and a latency: {@code plain}, {@code latency50}, {@code aot-plain}, …. */
    static String path(CliLauncher.Cache cache, int latencyMs) {
        return (cache == CliLauncher.Cache.AOT ? "aot-" : "") + (latencyMs == 0 ? "plain" : "latency" + latencyMs);
    }

    private void once(Path dir, Path policy, CliLauncher.Cache cache, int latencyMs, int round) throws Exception {
        cluster.latency(Duration.ofMillis(latencyMs));
        cluster.clearRequests();
        var command = new ArrayList<>(List.of("/usr/bin/time", "-f", "BENCHTIME %e %M %U %S"));
        command.addAll(launcher.command(cache));
        command.addAll(List.of(
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
        String path = path(cache, latencyMs);
        if (round >= 0) {
            figures.add("open.wall." + path, wall);
            figures.add("open.cpu." + path, cpu);
            figures.add("open.requests." + path, requests.size());
            figures.add("open.repeatedGets." + path, repeats);
        }
        log.accept(String.format(
                Locale.ROOT,
                "%s open %-13s wall %.2f s, CPU %.2f s, %d API requests, %d repeated GETs %s",
                round < 0 ? "warm-up" : "round " + (round + 1),
                path,
                wall,
                cpu,
                requests.size(),
                repeats,
                repeated));
        if (round <= 0 && latencyMs == 0) {
            Files.write(
                    work.resolve("open").resolve("requests-" + path + (round < 0 ? "-warmup" : "") + ".log"), requests);
        }
    }
}
