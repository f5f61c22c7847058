package org.kfm.breakglass.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kfm.breakglass.testkit.DevCluster;

/**
 * The demo cluster (LocalPostgis + FakeCluster) in a JVM of its own, as a real API server is a process of its own:
 * the benchmark JVM then holds only the product's side of the forward, so every thread in it is the client's and
 * the fake API server's CPU is read from its own process.
 *
 * <p>The child writes {@code kubeconfig} and {@code direct.properties} (the reader role, for the direct path) into
 * its directory, prints {@code READY} and runs until its stdin closes, so it never outlives the benchmark.
 */
final class ClusterProcess implements AutoCloseable {

    private static final String READY = "READY";
    private static final String OK = "OK";

    private final Process process;
    private final Path dir;
    private final DirectDatabase database;

    private final java.util.concurrent.BlockingQueue<String> replies;

    private ClusterProcess(
            Process process, Path dir, DirectDatabase database, java.util.concurrent.BlockingQueue<String> replies) {
        this.process = process;
        this.dir = dir;
        this.database = database;
        this.replies = replies;
    }

    /** Forks the cluster JVM on this JVM's class path and waits until it serves (at most two minutes). */
    static ClusterProcess start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xms256m",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                ClusterProcess.class.getName(),
                dir.toAbsolutePath().toString()));
        var process = new ProcessBuilder(command)
                .redirectError(dir.resolve("cluster-stderr.log").toFile())
                .start();
        var ready = new CompletableFuture<Boolean>();
        var replies = new java.util.concurrent.LinkedBlockingQueue<String>();
        // Reads its stdout to the end, so the child can never block on a full pipe.
        Thread.ofPlatform().daemon().name("bench-cluster-stdout").start(() -> {
            try (var out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals(READY)) {
                        ready.complete(true);
                    } else if (line.equals(OK)) {
                        replies.add(line);
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
            ready.complete(false);
        });
        boolean started;
        try {
            started = ready.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            started = false;
        }
        if (!started) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "the cluster process did not start; see " + dir.resolve("cluster-stderr.log"));
        }
        return new ClusterProcess(process, dir, DirectDatabase.load(dir.resolve("direct.properties")), replies);
    }

    Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    DirectDatabase database() {
        return database;
    }

    /** Injects {@code latency} before every operator API answer (FaultState's body delay; zero clears it). */
    void latency(java.time.Duration latency) throws IOException, InterruptedException {
        command("latency " + latency.toMillis());
    }

    /**
     * Creates pgbench's tables ({@code pgbench -i -s scale}) as the database owner and lets the reader role read
     * them, for the endpoint part's {@code pgbench -S}.
     */
    void pgbenchTables(int scale) throws IOException, InterruptedException {
        command("pgbench " + scale, java.time.Duration.ofMinutes(5));
    }

    /** Forgets the operator API requests seen so far. */
    void clearRequests() throws IOException, InterruptedException {
        command("clear");
    }

    /** The operator API requests since the last {@link #clearRequests()}, {@code METHOD path?query} each. */
    List<String> requests() throws IOException, InterruptedException {
        var file = dir.resolve("requests.log");
        command("requests " + file);
        return Files.readAllLines(file);
    }

    private void command(String line) throws IOException, InterruptedException {
        command(line, java.time.Duration.ofSeconds(30));
    }

    private void command(String line, java.time.Duration wait) throws IOException, InterruptedException {
        var in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        if (replies.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null) {
            throw new IllegalStateException("the cluster process did not answer '" + line + "'");
        }
    }

    /** The cluster JVM's process id, whose CPU time is the fake API server's and the bridge's. */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the child stops when its stdin closes
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The child: starts the demo cluster, writes the two files, prints READY, stops when stdin closes. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (var dev = DevCluster.start()) {
            dev.writeKubeconfig(dir.resolve("kubeconfig"));
            var pg = dev.postgis();
            new DirectDatabase(
                            pg.host(),
                            pg.port(),
                            pg.database(),
                            pg.reader().user(),
                            pg.reader().password())
                    .store(dir.resolve("direct.properties"));
            // The benchmark's protocol is this one line on stdout.
            System.out.println(READY);
            System.out.flush();
            // Commands, one a line, until the parent closes stdin (or dies); each is answered with OK.
            var commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                var words = line.split(" ", 2);
                switch (words[0]) {
                    case "latency" ->
                        dev.cluster().faults().latency(java.time.Duration.ofMillis(Long.parseLong(words[1])));
                    case "clear" -> dev.cluster().clearOperatorRequests();
                    case "pgbench" -> PgbenchTables.create(pg, Integer.parseInt(words[1]), dir);
                    case "requests" ->
                        Files.write(Path.of(words[1]), dev.cluster().operatorRequests());
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
                System.out.println(OK);
                System.out.flush();
            }
        }
        System.exit(0); // fabric8/Vert.x leave non-daemon threads behind
    }

    /** The throwaway database as the direct path reaches it: host, port, database and the reader role. */
    record DirectDatabase(String host, int port, String database, String user, String password) {

        @Override
        public String toString() {
            return "DirectDatabase[" + user + "@" + host + ":" + port + "/" + database + "]";
        }

        void store(Path file) {
            var props = new Properties();
            props.setProperty("host", host);
            props.setProperty("port", Integer.toString(port));
            props.setProperty("database", database);
            props.setProperty("user", user);
            props.setProperty("password", password);
            try {
                Files.deleteIfExists(file);
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    props.store(writer, "the benchmark's throwaway database");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static DirectDatabase load(Path file) throws IOException {
            var props = new Properties();
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            return new DirectDatabase(
                    props.getProperty("host"),
                    Integer.parseInt(props.getProperty("port")),
                    props.getProperty("database"),
                    props.getProperty("user"),
                    props.getProperty("password"));
        }
    }
}
