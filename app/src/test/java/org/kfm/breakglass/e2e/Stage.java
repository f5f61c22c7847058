package org.kfm.breakglass.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.TargetChoice;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.kfm.breakglass.testkit.Shape;

/**
 * One real PostGIS and one fake cluster forwarding to it, shared by the tests of a class: the whole engine runs
 * against them (fabric8 port-forward, Secret read, pgjdbc through the tunnel), nothing is mocked.
 */
public final class Stage implements AutoCloseable {
    public static final String REASON = "Checking stage PostGIS after the failed deploy";
    public static final String TICKET = "INC-77";

    /**
     * The policy a stage session runs under unless a test gives its own: the defaults plus the required cluster
     * witness, as an organisation should configure it (without a witness, preflight WARNs).
     */
    public static final String WITNESSED = """
            audit:
              witness: {kind: cluster, requirement: required}
            """;

    private final LocalPostgis pg;
    private final FakeCluster cluster;
    private final Path policy;

    private Stage(LocalPostgis pg, FakeCluster cluster, Path policy) {
        this.pg = pg;
        this.cluster = cluster;
        this.policy = policy;
    }

    public static Stage start() {
        return start(Shape.SEED);
    }

    /** With the fake cluster seeded as {@code shape} (operator clusters add a hot standby of LocalPostgis). */
    public static Stage start(Shape shape) {
        LocalPostgis pg = LocalPostgis.start();
        try {
            var cluster = FakeCluster.start(pg, shape);
            try {
                Path dir = Files.createTempDirectory("kfm-stage-policy-");
                return new Stage(pg, cluster, policy(dir, WITNESSED));
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** The stage policy file ({@link #WITNESSED}). */
    public Path policy() {
        return policy;
    }

    public LocalPostgis pg() {
        return pg;
    }

    public FakeCluster cluster() {
        return cluster;
    }

    /** A fresh, not yet existing audit directory under {@code parent}. */
    public static Path auditDir(Path parent, String name) {
        return parent.resolve(name).resolve("audit");
    }

    /**
     * {@code breakglass COMMAND --kubeconfig … -d kfm --reason … --ticket INC-77 --audit-dir DIR EXTRA…}, run in
     * process, under the stage policy unless EXTRA names a {@code --policy}.
     */
    public CliRun.Result cli(String command, Path auditDir, String... extra) {
        var args = new ArrayList<>(List.of(
                command,
                "--kubeconfig",
                cluster.kubeconfig().toString(),
                "-d",
                "kfm",
                "--reason",
                REASON,
                "--ticket",
                TICKET,
                "--audit-dir",
                auditDir.toString()));
        return run(args, extra);
    }

    /** The same without the justification flags, to give them (or not) explicitly. */
    public CliRun.Result cliUnjustified(String command, Path auditDir, String... extra) {
        var args = new ArrayList<>(List.of(
                command,
                "--kubeconfig",
                cluster.kubeconfig().toString(),
                "-d",
                "kfm",
                "--audit-dir",
                auditDir.toString()));
        return run(args, extra);
    }

    private CliRun.Result run(List<String> args, String... extra) {
        var all = new ArrayList<>(args);
        if (!Arrays.asList(extra).contains("--policy")) {
            all.addAll(List.of("--policy", policy.toString()));
        }
        all.addAll(Arrays.asList(extra));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** A session through the public API, preflighted and open, read-only. */
    public BreakGlassSession openSession(Path auditDir, Optional<Path> policy, Clock clock, Duration length)
            throws SessionFailure {
        var gateway = SessionGateway.create(policy, Optional.of(auditDir), Map.of(), clock);
        var session = gateway.start(
                new TargetChoice(cluster.kubeconfig(), null, null, null, "kfm"),
                new Justification(REASON, TICKET, length, AccessMode.READ_ONLY));
        session.preflight(result -> {});
        session.open();
        return session;
    }

    /** A session under the stage policy. */
    public BreakGlassSession openSession(Path auditDir) throws SessionFailure {
        return openSession(auditDir, Optional.of(policy), Clock.systemUTC(), Duration.ofMinutes(30));
    }

    /** Writes a policy file (add {@link #WITNESSED}'s section for a session that should pass preflight cleanly). */
    public static Path policy(Path dir, String yaml) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("policy.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs SQL as the owner over a direct connection (no tunnel), for setup and for checking outcomes. */
    public void asOwner(String sql) {
        try (Connection c = pg.connect(pg.owner());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of {@code sql}, read as the owner over a direct connection. */
    public String ownerScalar(String sql) {
        try (Connection c = pg.connect(pg.owner());
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** True while a backend of the server runs a statement containing {@code text}. */
    public boolean serverIsRunning(String text) {
        try (Connection c = pg.connect(pg.superuser());
                var st = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ? AND pid <> pg_backend_pid()")) {
            st.setString(1, "%" + text + "%");
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public String serverLog() {
        try {
            return Files.readString(pg.serverLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code condition} holds; a generous deadline only guards against hanging forever, it is not a
     * timing assertion.
     */
    public static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(policy);
            Files.deleteIfExists(policy.getParent());
        } catch (IOException e) {
            // a temp file; nothing depends on its removal
        }
        cluster.close();
        pg.close();
    }
}
