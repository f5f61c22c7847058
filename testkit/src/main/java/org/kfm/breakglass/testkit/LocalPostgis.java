package org.kfm.breakglass.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL + PostGIS server built from the OS binaries in a temporary directory.
 *
 * <p>It listens only on 127.0.0.1 on a free port, authenticates TCP logins with SCRAM-SHA-256, logs every
 * statement to {@link #serverLog()} and holds database {@code kfm} with the seed's least-privilege roles
 * ({@link KfmDatabase}) and sample spatial data. {@link #close()} (or the JVM shutdown hook) stops the server
 * and deletes the directory.
 */
public final class LocalPostgis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgis.class);
    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "kfm";

    private final PostgresBinaries binaries;
    private final Path baseDir;
    private final Path dataDir;
    private final int port;
    private final DbRole superuser;
    private final DbRole owner = new DbRole("kfm_owner", Secrets.password());
    private final DbRole writer = new DbRole("kfm_writer", Secrets.password());
    private final DbRole reader = new DbRole("kfm_reader", Secrets.password());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile boolean running;

    private LocalPostgis(PostgresBinaries binaries, Path baseDir, int port) {
        this.binaries = binaries;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.port = port;
        this.superuser = new DbRole("postgres", Secrets.password());
        this.shutdownHook = new Thread(this::stopAndDelete, "local-postgis-cleanup");
    }

    /**
     * Creates, starts and seeds a fresh server.
     *
     * @throws IllegalStateException when PostgreSQL or PostGIS is not installed; the message says which Debian
     *     package to install
     */
    public static LocalPostgis start() {
        PostgresBinaries binaries = PostgresBinaries.locate();
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory(tempParent(binaries), "kfm-postgis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for PostgreSQL", e);
        }
        LocalPostgis pg = new LocalPostgis(binaries, baseDir, freePort());
        Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
        try {
            pg.initAndStart();
            new KfmDatabase(pg, binaries.majorVersion()).create();
            return pg;
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    private void initAndStart() {
        try {
            Path sockets = Files.createDirectories(baseDir.resolve("sock"));
            Path pwfile = baseDir.resolve("pwfile");
            Files.writeString(pwfile, superuser.password() + "\n", StandardCharsets.UTF_8);
            binaries.handOver(baseDir);
            binaries.runTool(
                    "initdb",
                    "-D",
                    dataDir.toString(),
                    "-U",
                    superuser.user(),
                    "--pwfile=" + pwfile,
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync");
            Files.delete(pwfile);
            // Appended settings win over initdb's defaults; the server reads them once at start.
            String settings = String.join(
                    "\n",
                    "",
                    "# --- LocalPostgis (testkit) ---",
                    "listen_addresses = '" + HOST + "'",
                    "port = " + port,
                    "unix_socket_directories = '" + sockets + "'",
                    "password_encryption = 'scram-sha-256'",
                    "shared_preload_libraries = 'pg_stat_statements'",
                    "log_statement = 'all'",
                    "log_line_prefix = '%m [%p] %u@%d '",
                    "log_min_messages = warning",
                    "fsync = off",
                    "synchronous_commit = off",
                    "full_page_writes = off",
                    "max_connections = 60",
                    "");
            Files.writeString(
                    dataDir.resolve("postgresql.conf"),
                    settings,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            binaries.runTool(
                    "pg_ctl", "-D", dataDir.toString(), "-l", serverLog().toString(), "-w", "-t", "60", "start");
            running = true;
            LOG.info("PostgreSQL {} started on {}:{} in {}", binaries.majorVersion(), HOST, port, baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the PostgreSQL data directory in " + baseDir, e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String database() {
        return DATABASE;
    }

    public DbRole owner() {
        return owner;
    }

    public DbRole writer() {
        return writer;
    }

    public DbRole reader() {
        return reader;
    }

    public DbRole superuser() {
        return superuser;
    }

    /** JDBC URL of database {@code kfm} (no credentials in it). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    String jdbcUrl(String db) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + db + "?sslmode=disable";
    }

    /** A new connection to {@code kfm} as the given role. */
    public Connection connect(DbRole role) throws SQLException {
        return connect(role, DATABASE);
    }

    Connection connect(DbRole role, String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), role.user(), role.password());
    }

    /** The server's log file: every statement the server received is in it ({@code log_statement=all}). */
    public Path serverLog() {
        return dataDir.resolve("server.log");
    }

    /**
     * Creates another database owned by {@code kfm_owner}, which reader and writer may connect to.
     *
     * @param withPostgis whether to run {@code CREATE EXTENSION postgis} in it
     */
    public void createDatabase(String name, boolean withPostgis) {
        new KfmDatabase(this, binaries.majorVersion()).createExtra(name, withPostgis);
    }

    /** Stops the server immediately and deletes its directory. Idempotent. */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to run; it does the same work
        }
    }

    private void stopAndDelete() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (running) {
            try {
                binaries.runTool("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException e) {
                LOG.warn("stopping PostgreSQL in {} failed: {}", dataDir, e.getMessage());
            }
            running = false;
        }
        deleteTree(baseDir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    /**
     * java.io.tmpdir, unless the server runs as the postgres OS user and cannot reach it (e.g. a tmpdir under
     * /root); then /tmp.
     */
    private static Path tempParent(PostgresBinaries binaries) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (!binaries.runsAsPostgresUser()) {
            return tmp;
        }
        try {
            for (Path p = tmp; p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p)
                        .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return Path.of("/tmp");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Path.of("/tmp");
        }
        return tmp;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + HOST, e);
        }
    }
}
