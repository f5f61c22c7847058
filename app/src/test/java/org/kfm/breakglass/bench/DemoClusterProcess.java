package org.kfm.breakglass.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The built jar's {@code demo-cluster} (fake API server, port-forward bridge, PostgreSQL) in a process of its own,
 * as the operator starts it by hand: its kubeconfig, policy and psql environment files, and its CPU time.
 */
final class DemoClusterProcess implements AutoCloseable {
    private final Process process;
    private final Path dir;

    private DemoClusterProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    static DemoClusterProcess start(Path jar, Path dir, Consumer<String> log) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the bench through verify (it packages first)");
        }
        Files.createDirectories(dir);
        var process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "demo-cluster",
                        "--shape",
                        "seed",
                        "--kubeconfig-out",
                        dir.resolve("kubeconfig").toString(),
                        "--pg-env-out",
                        dir.resolve("pg.env").toString(),
                        "--policy-out",
                        dir.resolve("policy.yaml").toString())
                .redirectErrorStream(true)
                .start();
        var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("READY")) {
            log.accept("demo-cluster: " + line);
        }
        if (line == null) {
            throw new IllegalStateException(
                    "demo-cluster ended before READY (exit " + process.waitFor(10, TimeUnit.SECONDS) + ")");
        }
        // Drained to the end, so the cluster never blocks on a full pipe while the rows stream.
        Thread.ofPlatform().daemon().name("bench-demo-output").start(() -> {
            try {
                lines.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the cluster ended
            }
        });
        return new DemoClusterProcess(process, dir);
    }

    Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    Path policy() {
        return dir.resolve("policy.yaml");
    }

    /** PGHOST, PGPORT, … of the direct path for psql, from the {@code export NAME='value'} lines of its env file. */
    Map<String, String> pgEnv() throws IOException {
        var env = new HashMap<String, String>();
        for (var line : Files.readAllLines(dir.resolve("pg.env"))) {
            if (line.startsWith("export ") && line.contains("=")) {
                var assignment = line.substring("export ".length());
                var value = assignment.substring(assignment.indexOf('=') + 1);
                env.put(assignment.substring(0, assignment.indexOf('=')), value.replaceAll("^'|'$", ""));
            }
        }
        return env;
    }

    /** The cluster process's CPU time so far (API server, bridge, TLS, and nothing of PostgreSQL's backends). */
    Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
