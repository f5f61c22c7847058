package org.kfm.breakglass.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.kfm.breakglass.endpoint.Endpoint;
import org.postgresql.PGConnection;

/**
 * The session's PostgreSQL endpoint (issue 13) against pgjdbc without audit over the same forward, in the same
 * run: {@code pgbench -n -S -M prepared} through the endpoint's Unix socket versus a pgjdbc loop of the same
 * prepared select, and psql {@code \copy (select …) to /dev/null} through the endpoint versus pgjdbc's CopyManager.
 *
 * <p>To say what the added time is made of, the same pgbench also runs through a second session whose journal is
 * on tmpfs (its fsync costs next to nothing: the difference is the journal's fsync), with 4 clients (what
 * group-committing the journal could share), and straight to PostgreSQL (pgbench's own cost next to pgjdbc's).
 */
final class EndpointVsForward {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern TIMING = Pattern.compile("Time: ([0-9.]+) ms");
    private static final int PGBENCH_SCALE = 1;

    private final Endpoints endpoints;
    private final Path work;
    private final BenchOptions options;
    private final Figures figures;
    private final Consumer<String> log;

    EndpointVsForward(Endpoints endpoints, Path work, BenchOptions options, Figures figures, Consumer<String> log) {
        this.endpoints = endpoints;
        this.work = work;
        this.options = options;
        this.figures = figures;
        this.log = log;
    }

    void run() throws Exception {
        endpoints.cluster().pgbenchTables(PGBENCH_SCALE);
        // Unix socket paths are limited to 107 bytes: a short private base, not the build directory.
        Path socketBase = Files.createTempDirectory(
                Path.of("/tmp"),
                "bgb-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmpfsWork = Files.createTempDirectory(options.tmpfsDir(), "bench-endpoint-");
        try (var diskSession = AuditedSession.open(
                        endpoints.kubeconfig(),
                        endpoints.database().database(),
                        Files.createDirectories(work.resolve("endpoint-disk")));
                var tmpfsSession = AuditedSession.open(
                        endpoints.kubeconfig(), endpoints.database().database(), tmpfsWork);
                Connection forward = endpoints.forward()) {
            forward.unwrap(PGConnection.class).setPrepareThreshold(1);
            Endpoint disk = diskSession.endpoint(socketBase);
            Endpoint tmpfs = tmpfsSession.endpoint(socketBase);
            try {
                latency(disk, tmpfs, forward);
                copy(disk, forward);
            } finally {
                disk.close("benchmark done");
                tmpfs.close("benchmark done");
            }
        } finally {
            TempFiles.deleteTree(tmpfsWork);
            TempFiles.deleteTree(socketBase);
        }
    }

    private void latency(Endpoint disk, Endpoint tmpfs, Connection forward) throws Exception {
        int seconds = options.pgbenchSeconds();
        for (int round = 0; round < options.rounds(); round++) {
            boolean endpointFirst = round % 2 == 0;
            for (int leg = 0; leg < 2; leg++) {
                if ((leg == 0) == endpointFirst) {
                    pgbench("endpoint", endpoint(disk), 1, seconds, round);
                } else {
                    jdbcSelects(forward, seconds, round);
                }
            }
            figures.add("endpoint.added.p50", last("endpoint.p50.endpoint") - last("endpoint.p50.jdbc-forward"));
            pgbench("endpoint-tmpfs", endpoint(tmpfs), 1, seconds, round);
            figures.add("endpoint.fsync.p50", last("endpoint.p50.endpoint") - last("endpoint.p50.endpoint-tmpfs"));
            // Four clients share one journal: on disk their fsyncs queue one behind the other; on tmpfs they
            // cost next to nothing, which bounds what group-committing the journal could give.
            pgbench("endpoint-c4", endpoint(disk), 4, seconds, round);
            pgbench("endpoint-tmpfs-c4", endpoint(tmpfs), 4, seconds, round);
            pgbench("direct", direct(), 1, seconds, round);
        }
    }

    private List<String> endpoint(Endpoint endpoint) {
        return List.of(
                "-h",
                endpoint.socketDirectory().toString(),
                "-p",
                "5432",
                "-U",
                "bench",
                endpoints.database().database());
    }

    private List<String> direct() {
        var db = endpoints.database();
        return List.of("-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.user(), db.database());
    }

    private void pgbench(String path, List<String> target, int clients, int seconds, int round) throws Exception {
        Path logDir = Files.createTempDirectory(work, "pgbench-" + path + "-");
        List<String> command = new ArrayList<>(List.of(
                "pgbench",
                "-n",
                "-S",
                "-M",
                "prepared",
                "-T",
                Integer.toString(seconds),
                "-c",
                Integer.toString(clients),
                "-l",
                "--log-prefix=" + logDir.resolve("tx")));
        command.addAll(target);
        String output =
                runTool(command, path.equals("direct") ? endpoints.database().password() : null);
        var tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench (" + path + ") printed no tps line:\n" + output);
        }
        var nanos = new ArrayList<Long>();
        try (var files = Files.list(logDir)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    // client_id transaction_no time(µs) script_no time_epoch time_us
                    nanos.add(Long.parseLong(line.split(" ")[2]) * 1000);
                }
            }
        }
        TempFiles.deleteTree(logDir);
        double rate = Double.parseDouble(tps.group(1));
        figures.add("endpoint.tps." + path, rate);
        record(
                path,
                round,
                Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray()),
                rate);
    }

    private void jdbcSelects(Connection forward, int seconds, int round) throws Exception {
        try (var ps = forward.prepareStatement("SELECT abalance FROM pgbench_accounts WHERE aid = ?")) {
            var nanos = new ArrayList<Long>();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                ps.setInt(1, ThreadLocalRandom.current().nextInt(1, 100_000 * PGBENCH_SCALE + 1));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                }
                nanos.add(System.nanoTime() - t0);
            }
            double rate = nanos.size() / ((System.nanoTime() - start) / 1e9);
            figures.add("endpoint.tps.jdbc-forward", rate);
            record(
                    "jdbc-forward",
                    round,
                    Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray()),
                    rate);
        }
    }

    private void copy(Endpoint disk, Connection forward) throws Exception {
        int rows = options.copyRows();
        String query = "SELECT i, repeat(md5(i::text), 16) FROM generate_series(1, " + rows + ") i";
        String psqlCopy = "\\copy (" + query + ") to /dev/null";
        List<String> psql = new ArrayList<>(
                List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", "\\timing on", "-c", psqlCopy));
        psql.addAll(endpoint(disk));
        // Full-size unmeasured transfers each way (--copy-warmup): TLS and the endpoint's relay are compiled first.
        long bytes = CopyOut.run(forward, CopyOut.statement(rows)).bytes();
        psqlMillis(psql);
        for (int i = 1; i < options.copyWarmUp(); i++) {
            CopyOut.run(forward, CopyOut.statement(rows));
            psqlMillis(psql);
        }
        for (int round = 0; round < options.rounds(); round++) {
            boolean endpointFirst = round % 2 == 0;
            double psqlMbps = 0;
            double jdbcMbps = 0;
            for (int leg = 0; leg < 2; leg++) {
                if ((leg == 0) == endpointFirst) {
                    double ms = psqlMillis(psql);
                    psqlMbps = bytes / 1e6 / (ms / 1e3);
                } else {
                    var transfer = CopyOut.run(forward, CopyOut.statement(rows));
                    bytes = transfer.bytes();
                    jdbcMbps = transfer.megabytesPerSecond();
                }
            }
            figures.add("endpoint.copy.mb", bytes / 1e6);
            figures.add("endpoint.copy.mbps.psql-endpoint", psqlMbps);
            figures.add("endpoint.copy.mbps.jdbc-forward", jdbcMbps);
            figures.add("endpoint.copy.ratio", psqlMbps / jdbcMbps);
            log.accept(String.format(
                    Locale.ROOT,
                    "round %d endpoint copy %.1f MB: psql through the endpoint %.1f MB/s, pgjdbc over the forward"
                            + " %.1f MB/s, ratio %.2f; load %s",
                    round + 1,
                    bytes / 1e6,
                    psqlMbps,
                    jdbcMbps,
                    psqlMbps / jdbcMbps,
                    Machine.loadAverage()));
        }
    }

    private double psqlMillis(List<String> psql) throws Exception {
        String output = runTool(psql, null);
        var timing = TIMING.matcher(output);
        if (!timing.find()) {
            throw new IllegalStateException("psql printed no \\timing line:\n" + output);
        }
        return Double.parseDouble(timing.group(1));
    }

    /** Runs a PostgreSQL client; a missing one or a non-zero exit is a failure that names it. */
    private String runTool(List<String> command, String password) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(
                    command.getFirst() + " is missing (Debian package postgresql-client-15): " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command.getFirst() + " exited " + exit + ": " + command + "\n" + output);
        }
        return output;
    }

    private void record(String path, int round, Latencies l, double tps) {
        figures.add("endpoint.p50." + path, l.p50Ms());
        figures.add("endpoint.p99." + path, l.p99Ms());
        log.accept(String.format(
                Locale.ROOT,
                "round %d endpoint %-14s n=%d p50=%.3f p90=%.3f p99=%.3f mean=%.3f ms, %.0f tps; load %s",
                round + 1,
                path,
                l.samples(),
                l.p50Ms(),
                l.p90Ms(),
                l.p99Ms(),
                l.meanMs(),
                tps,
                Machine.loadAverage()));
    }

    private double last(String name) {
        return figures.get(name).values().getLast();
    }
}
