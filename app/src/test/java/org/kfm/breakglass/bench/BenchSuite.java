package org.kfm.breakglass.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.kfm.breakglass.sql.ConnectSpec;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.QueryOptions;
import org.kfm.breakglass.sql.RowSink;

/**
 * Direct PostgreSQL vs the product's port-forward tunnel, in one JVM and one run: bulk COPY throughput, SELECT 1
 * latency (bare pgjdbc and through {@code DatabaseLink}), audit append+fsync latency, the full audited
 * {@code BreakGlassSession.run("SELECT 1")}, and {@code JournalVerifier} over a million events.
 *
 * <p>Run with {@code ./mvnw -q -Pbench -pl app -am -DskipTests verify} (see docs/BENCHMARKS.md). Direct and
 * forward alternate within every round (which goes first alternates too), so load drifts hit both alike.
 */
public final class BenchSuite {

    static final String CLUSTER_PROCESS = "fake cluster JVM (API server, bridge, TLS encrypt)";
    static final String POSTGRES_BACKEND = "PostgreSQL backend (COPY producer)";

    private final BenchOptions options;
    private final PrintStream out;
    private static final Path JAR = Path.of("target/breakglass.jar");

    private final Figures figures = new Figures();
    private CliLauncher launcher;

    private BenchSuite(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        var options = BenchOptions.parse(args);
        // A benchmark's report is its output: stdout, plus a copy in the out dir.
        var suite = new BenchSuite(options, System.out);
        String report = suite.run();
        Files.createDirectories(options.outDir());
        Path file = options.outDir().resolve("bench-" + Instant.now().toString().replace(':', '-') + ".md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println("report written to " + file.toAbsolutePath());
        System.exit(0); // fabric8/Vert.x leave non-daemon threads behind
    }

    private String run() throws Exception {
        String loadBefore = Machine.loadAverage();
        log("load average at start: " + loadBefore);
        Path work = Files.createDirectories(
                options.outDir().resolve("work-" + ProcessHandle.current().pid()));
        try (var endpoints = Endpoints.start(work)) {
            try (Connection direct = endpoints.direct();
                    Connection forward = endpoints.forward()) {
                if (options.runs("copy")) {
                    copy(endpoints, direct, forward);
                }
                if (options.runs("select")) {
                    selectOne(direct, forward);
                }
            }
            if (options.runs("link")) {
                link(endpoints);
            }
            if (options.runs("audit")) {
                audit(work);
            }
            if (options.runs("session")) {
                session(endpoints, work);
            }
            if (options.runs("endpoint")) {
                new EndpointVsForward(endpoints, work, options, figures, this::log).run();
            }
            if (options.runs("open")) {
                new SessionOpen(JAR, launcher(work), endpoints.cluster(), work, figures, this::log)
                        .run(options.rounds());
            }
        }
        if (options.runs("verify")) {
            verify();
        }
        if (options.runs("cli")) {
            new CliVsPsql(JAR, launcher(work), work, figures, this::log).run(options.rounds());
        }
        String map = options.runs("map") ? new MapPart(work, this::log).run() : "";
        String gui = options.runs("gui")
                ? new GuiPart(Path.of("target/breakglass.jar"), work, this::log).run(options.rounds())
                : "";
        String loadAfter = Machine.loadAverage();
        log("load average at end: " + loadAfter);
        return new BenchReport(options, figures, loadBefore, loadAfter).render() + map + gui;
    }

    /** The CLI as installed, with its AOT cache trained once per run (parts open and cli). */
    private CliLauncher launcher(Path work) throws Exception {
        if (launcher == null) {
            if (!Files.isRegularFile(JAR)) {
                throw new IllegalStateException(JAR + " is missing: run the bench through verify (it packages first)");
            }
            launcher = CliLauncher.trained(JAR, work.resolve("aot"), figures, this::log);
        }
        return launcher;
    }

    private void copy(Endpoints endpoints, Connection direct, Connection forward) throws Exception {
        String sql = CopyOut.statement(options.copyRows());
        long directBackend = backendPid(direct);
        long forwardBackend = backendPid(forward);
        // Full-size warm-up: the forward path's TLS (AES-GCM, GHASH) only runs at speed once C2 has compiled it.
        for (int i = 0; i < options.copyWarmUp(); i++) {
            var warmForward = CopyOut.run(forward, sql);
            var warmDirect = CopyOut.run(direct, sql);
            log(String.format(
                    Locale.ROOT,
                    "warm-up copy %d: forward %.1f MB/s, direct %.1f MB/s",
                    i + 1,
                    warmForward.megabytesPerSecond(),
                    warmDirect.megabytesPerSecond()));
        }
        for (int round = 0; round < options.rounds(); round++) {
            boolean directFirst = round % 2 == 0;
            for (int leg = 0; leg < 2; leg++) {
                boolean isDirect = (leg == 0) == directFirst;
                var cpu = CpuMeter.start(Map.of(
                        CLUSTER_PROCESS,
                        endpoints.clusterPid(),
                        POSTGRES_BACKEND,
                        isDirect ? directBackend : forwardBackend));
                var transfer = CopyOut.run(isDirect ? direct : forward, sql);
                var cpuMs = cpu.stop();
                String path = isDirect ? "direct" : "forward";
                double mb = transfer.bytes() / 1e6;
                figures.add("copy.mbps." + path, transfer.megabytesPerSecond());
                figures.add("copy.mb", mb);
                figures.add("copy.cpu." + path, cpuMs.get(CpuMeter.CLIENT_TOTAL) / mb);
                cpuMs.forEach((role, ms) -> figures.add("copy.cpu." + path + "." + role, ms / mb));
                log(String.format(
                        Locale.ROOT,
                        "round %d copy %-7s %.1f MB in %.2f s = %.1f MB/s; client JVM CPU %.2f ms/MB %s; load %s",
                        round + 1,
                        path,
                        mb,
                        transfer.nanos() / 1e9,
                        transfer.megabytesPerSecond(),
                        cpuMs.get(CpuMeter.CLIENT_TOTAL) / mb,
                        perMb(cpuMs, mb),
                        Machine.loadAverage()));
            }
            figures.add("copy.ratio", last("copy.mbps.forward") / last("copy.mbps.direct"));
            double added = last("copy.cpu.forward") - last("copy.cpu.direct");
            figures.add("copy.client.added", added);
            figures.add("copy.client.added.ratio", added / last("copy.cpu.direct." + CpuMeter.PGJDBC));
            double beyondMain = last("copy.cpu.forward") - last("copy.cpu.forward." + CpuMeter.PGJDBC);
            figures.add("copy.client.beyondMain", beyondMain);
            figures.add("copy.client.beyondMain.ratio", beyondMain / last("copy.cpu.direct." + CpuMeter.PGJDBC));
        }
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (var st = connection.createStatement();
                var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void selectOne(Connection direct, Connection forward) throws Exception {
        try (var directSt = direct.createStatement();
                var forwardSt = forward.createStatement()) {
            for (int round = 0; round < options.rounds(); round++) {
                boolean directFirst = round % 2 == 0;
                for (int leg = 0; leg < 2; leg++) {
                    boolean isDirect = (leg == 0) == directFirst;
                    var st = isDirect ? directSt : forwardSt;
                    long[] nanos = Sampler.sample(
                            () -> {
                                try (var rs = st.executeQuery("SELECT 1")) {
                                    rs.next();
                                }
                            },
                            options.selectWarmUp(),
                            options.selectIterations());
                    record("select", isDirect ? "direct" : "forward", round, Latencies.of(nanos));
                }
                figures.add("select.added.p50", last("select.p50.forward") - last("select.p50.direct"));
                figures.add("select.ratio.p50", last("select.p50.direct") / last("select.p50.forward"));
            }
        }
    }

    private void link(Endpoints endpoints) throws Exception {
        var db = endpoints.database();
        try (var direct = DatabaseLink.connect(endpoints.directOpener(), spec(db));
                var forward = DatabaseLink.connect(endpoints.forwardOpener(), spec(db))) {
            for (int round = 0; round < options.rounds(); round++) {
                boolean directFirst = round % 2 == 0;
                for (int leg = 0; leg < 2; leg++) {
                    boolean isDirect = (leg == 0) == directFirst;
                    var link = isDirect ? direct : forward;
                    long[] nanos = Sampler.sample(
                            () -> link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding()),
                            options.linkIterations() / 4,
                            options.linkIterations());
                    record("link", isDirect ? "direct" : "forward", round, Latencies.of(nanos));
                }
            }
        }
    }

    private static ConnectSpec spec(ClusterProcess.DirectDatabase db) {
        return new ConnectSpec(
                db.database(),
                db.user(),
                db.password().toCharArray(),
                true,
                Duration.ofSeconds(60),
                "breakglass-bench");
    }

    private void audit(Path work) throws Exception {
        for (int round = 0; round < options.rounds(); round++) {
            Path disk = Files.createDirectories(work.resolve("audit-disk-" + round));
            record(
                    "audit",
                    "disk",
                    round,
                    Latencies.of(AuditAppends.sample(disk, options.auditIterations() / 10, options.auditIterations())));
            if (Files.isDirectory(options.tmpfsDir())) {
                Path tmpfs = Files.createTempDirectory(options.tmpfsDir(), "bench-audit-");
                try {
                    record(
                            "audit",
                            "tmpfs",
                            round,
                            Latencies.of(AuditAppends.sample(
                                    tmpfs, options.auditIterations() / 10, options.auditIterations())));
                } finally {
                    TempFiles.deleteTree(tmpfs);
                }
            }
        }
    }

    private void session(Endpoints endpoints, Path work) throws Exception {
        try (var connection = endpoints.forward();
                var st = connection.createStatement();
                var link = DatabaseLink.connect(endpoints.forwardOpener(), spec(endpoints.database()));
                var session = AuditedSession.open(
                        endpoints.kubeconfig(),
                        endpoints.database().database(),
                        Files.createDirectories(work.resolve("session")))) {
            int warm = Math.max(10, options.sessionIterations() / 10);
            for (int round = 0; round < options.rounds(); round++) {
                long[] plain = Sampler.sample(
                        () -> {
                            try (var rs = st.executeQuery("SELECT 1")) {
                                rs.next();
                            }
                        },
                        warm,
                        options.sessionIterations());
                record("session", "plain-forward", round, Latencies.of(plain));
                record(
                        "session",
                        "link-forward",
                        round,
                        Latencies.of(Sampler.sample(
                                () -> link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding()),
                                warm,
                                options.sessionIterations())));
                var cpu = CpuMeter.start(Map.of());
                record(
                        "session",
                        "audited",
                        round,
                        Latencies.of(Sampler.sample(session::selectOne, warm, options.sessionIterations())));
                // All of this JVM's threads (the caller, the journal's fsync thread, the forward's), per statement.
                var cpuMs = cpu.stop();
                int statements = warm + options.sessionIterations();
                double cpuPerStatement = cpuMs.get(CpuMeter.CLIENT_TOTAL) / statements;
                figures.add("session.cpu.audited", cpuPerStatement);
                // The caller's own share apart: the whole JVM's also holds the JIT and GC, which the threads do not.
                double callerPerStatement = cpuMs.getOrDefault(CpuMeter.PGJDBC, 0.0) / statements;
                figures.add("session.cpu.audited.caller", callerPerStatement);
                var byThread = new java.util.ArrayList<String>();
                cpuMs.forEach((role, ms) -> {
                    if (!role.equals(CpuMeter.CLIENT_TOTAL) && ms / statements >= 0.001) {
                        byThread.add(String.format(Locale.ROOT, "%s %.3f", role, ms / statements));
                    }
                });
                log(String.format(
                        Locale.ROOT,
                        "round %d session audited client CPU %.3f ms per statement (caller %.3f) %s",
                        round + 1,
                        cpuPerStatement,
                        callerPerStatement,
                        byThread));
                figures.add("session.added.p50", last("session.p50.audited") - last("session.p50.plain-forward"));
                figures.add("session.audit.p50", last("session.p50.audited") - last("session.p50.link-forward"));
            }
        }
    }

    private void verify() throws Exception {
        Path dir = Files.createTempDirectory(options.tmpfsDir(), "bench-journal-");
        try {
            long start = System.nanoTime();
            long written = JournalCorpus.write(dir, options.journalEvents());
            log(String.format(
                    Locale.ROOT, "journal corpus: %d events in %.1f s", written, (System.nanoTime() - start) / 1e9));
            figures.add("verify.events", written);
            figures.add("verify.mb", TempFiles.size(dir) / 1e6);
            for (int round = 0; round < options.rounds(); round++) {
                long t0 = System.nanoTime();
                var report = JournalCorpus.verify(dir);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (!report.ok() || report.events() != written) {
                    throw new IllegalStateException("the generated journal did not verify: " + report.summary());
                }
                figures.add(round == 0 ? "verify.seconds.cold" : "verify.seconds.warm", seconds);
                figures.add("verify.seconds", seconds);
                log(String.format(
                        Locale.ROOT, "round %d verify %d events in %.2f s", round + 1, report.events(), seconds));
            }
        } finally {
            TempFiles.deleteTree(dir);
        }
    }

    private void record(String group, String path, int round, Latencies l) {
        figures.add(group + ".p50." + path, l.p50Ms());
        figures.add(group + ".p99." + path, l.p99Ms());
        figures.add(group + ".mean." + path, l.meanMs());
        log(String.format(
                Locale.ROOT,
                "round %d %s %-13s n=%d p50=%.3f p90=%.3f p99=%.3f mean=%.3f max=%.3f ms",
                round + 1,
                group,
                path,
                l.samples(),
                l.p50Ms(),
                l.p90Ms(),
                l.p99Ms(),
                l.meanMs(),
                l.maxMs()));
    }

    private static String perMb(java.util.Map<String, Double> cpuMs, double mb) {
        var parts = new java.util.ArrayList<String>();
        cpuMs.forEach((role, ms) -> {
            if (!role.equals(CpuMeter.CLIENT_TOTAL)) {
                parts.add(String.format(Locale.ROOT, "%s %.2f", role, ms / mb));
            }
        });
        return parts.toString();
    }

    private double last(String name) {
        var values = figures.get(name).values();
        return values.getLast();
    }

    private void log(String line) {
        out.println("[bench] " + line);
        out.flush();
    }
}
