package org.kfm.breakglass.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL + PostGIS server built from the OS binaries in a temporary directory.
 *
 * <p>It listens only on 127.0.0.1 on a free port, authenticates TCP logins with SCRAM-SHA-256, logs every
 * statement and pgaudit's session audit to {@link #serverLog()} and holds database {@code kfm} with the seed's
 * least-privilege roles ({@link KfmDatabase}) and sample spatial data. {@link #startStandby()} adds a streaming
 * hot standby on its own port, {@link #failover()} promotes it. {@link #close()} (or the JVM shutdown hook) stops
 * every server and deletes the directory.
 *
 * <p>{@link #host()}, {@link #port()}, {@link #connect(DbRole)} and {@link #serverLog()} speak of the current
 * primary (after a failover, the promoted standby).
 */
public final class LocalPostgis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgis.class);
    private static final String HOST = PostgresServer.HOST;
    private static final String DATABASE = "kfm";
    private static final String PGAUDIT = "pgaudit";

    private final PostgresBinaries binaries;
    private final Path baseDir;
    private final DbRole superuser;
    private final DbRole owner = new DbRole("kfm_owner", Secrets.password());
    private final DbRole writer = new DbRole("kfm_writer", Secrets.password());
    private final DbRole reader = new DbRole("kfm_reader", Secrets.password());
    private final DbRole replicator = new DbRole("kfm_replicator", Secrets.password());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private final List<PostgresServer> servers = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, DbRole> readerLogins = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile PostgresServer primary;
    private volatile PostgresServer standby;

    private LocalPostgis(PostgresBinaries binaries, Path baseDir, int port) {
        this.binaries = binaries;
        this.baseDir = baseDir;
        this.superuser = new DbRole("postgres", Secrets.password());
        this.primary = new PostgresServer("primary", binaries, baseDir.resolve("data"), port);
        this.servers.add(primary);
        this.shutdownHook = new Thread(this::stopAndDelete, "local-postgis-cleanup");
    }

    /**
     * Creates, starts and seeds a fresh server.
     *
     * @throws IllegalStateException when PostgreSQL, PostGIS or pgaudit is not installed; the message says which
     *     Debian package to install
     */
    public static LocalPostgis start() {
        PostgresBinaries binaries = PostgresBinaries.locate();
        if (!binaries.hasLibrary(PGAUDIT)) {
            throw pgauditMissing(binaries.majorVersion());
        }
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

    /** The error for binaries without pgaudit: names the version-matched Debian package and how to install it. */
    static IllegalStateException pgauditMissing(int majorVersion) {
        String pkg = "postgresql-" + majorVersion + "-pgaudit";
        return new IllegalStateException("pgaudit is not installed for PostgreSQL " + majorVersion
                + " (no pgaudit.so next to the server binaries): the harness's servers log every statement through"
                + " pgaudit, as the cluster's do. Install the Debian package " + pkg + ": sudo apt-get install -y "
                + pkg);
    }

    private void initAndStart() {
        Path dataDir = primary.dataDir();
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
            // Appended settings win over initdb's defaults; the server reads them once at start. A standby's
            // pg_basebackup copies them, and overrides the port and socket directory after them.
            String settings = String.join(
                    "\n",
                    "",
                    "# --- LocalPostgis (testkit) ---",
                    "listen_addresses = '" + HOST + "'",
                    "port = " + primary.port(),
                    "unix_socket_directories = '" + sockets + "'",
                    "password_encryption = 'scram-sha-256'",
                    "shared_preload_libraries = 'pg_stat_statements,pgaudit'",
                    // The "never sent" tests need the statement log: pgaudit logs only what reaches the executor,
                    // so a statement the server refused (syntax, read-only transaction) would be missing from it.
                    "log_statement = 'all'",
                    // pgaudit's session log, as issue 12 reconciles it: every class a session can use; catalog
                    // reads too (psql's \d from a stolen login touches only pg_catalog); no parameter values (data);
                    // one line per statement (log_relation off), so one journaled statement meets one AUDIT line.
                    "pgaudit.log = 'read, write, function, role, ddl, misc'",
                    "pgaudit.log_catalog = on",
                    "pgaudit.log_parameter = off",
                    "pgaudit.log_relation = off",
                    // time, pid, session id, user, database, application_name (last: the client chooses it).
                    "log_line_prefix = '%m [%p] %q%c %u@%d app=%a '",
                    "log_timezone = 'UTC'",
                    "log_min_messages = warning",
                    "fsync = off",
                    "synchronous_commit = off",
                    // A base backup for the standby needs full-page writes.
                    "full_page_writes = on",
                    "wal_level = replica",
                    "max_wal_senders = 5",
                    "hot_standby = on",
                    "max_connections = 60",
                    "");
            Files.writeString(
                    dataDir.resolve("postgresql.conf"),
                    settings,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            primary.start();
            LOG.info("LocalPostgis in {}", baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the PostgreSQL data directory in " + baseDir, e);
        }
    }

    /**
     * Starts a hot standby of the primary, once: {@code pg_basebackup -R} into a second data directory, a second
     * server on its own free port, replicating as {@code kfm_replicator}; returns when it is streaming. Later calls
     * return the same standby.
     *
     * @throws IllegalStateException after a {@link #failover()} (the old primary is gone; there is no one left to
     *     follow the new one)
     */
    public synchronized PostgresServer startStandby() {
        if (standby != null) {
            return standby;
        }
        if (servers.size() > 1) {
            throw new IllegalStateException(
                    "this LocalPostgis has failed over already; start a new one for a" + " fresh primary and standby");
        }
        try (Connection c = connect(superuser, "postgres");
                Statement s = c.createStatement()) {
            s.execute("SET log_statement = 'none'");
            s.execute(
                    "CREATE ROLE " + replicator.user() + " LOGIN REPLICATION PASSWORD '" + replicator.password() + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("creating the replication role failed: " + e.getMessage(), e);
        }
        PostgresServer replica = new PostgresServer("standby", binaries, baseDir.resolve("standby"), freePort());
        binaries.runTool(
                java.util.Map.of("PGPASSWORD", replicator.password()),
                "pg_basebackup",
                "-h",
                HOST,
                "-p",
                Integer.toString(primary.port()),
                "-U",
                replicator.user(),
                "-D",
                replica.dataDir().toString(),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "--no-sync");
        try {
            Path sockets = Files.createDirectories(baseDir.resolve("sock-standby"));
            binaries.handOver(sockets);
            Files.deleteIfExists(replica.dataDir().resolve("server.log"));
            Files.writeString(
                    replica.dataDir().resolve("postgresql.conf"),
                    "\n# --- LocalPostgis standby ---\nport = " + replica.port() + "\nunix_socket_directories = '"
                            + sockets + "'\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the standby in " + replica.dataDir(), e);
        }
        binaries.handOver(replica.dataDir());
        servers.add(replica);
        replica.start();
        awaitStreaming(replica);
        standby = replica;
        return replica;
    }

    private void awaitStreaming(PostgresServer replica) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = replica.connect(superuser, "postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT pg_is_in_recovery(), (SELECT status FROM" + " pg_stat_wal_receiver)")) {
                rs.next();
                last = "in recovery " + rs.getBoolean(1) + ", WAL receiver " + rs.getString(2);
                if (rs.getBoolean(1) && "streaming".equals(rs.getString(2))) {
                    return;
                }
            } catch (SQLException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the standby", e);
            }
        }
        throw new IllegalStateException("the standby on port " + replica.port() + " is not streaming after 60 s ("
                + last + "); see " + replica.serverLog());
    }

    /**
     * Fails over to the standby: the primary shuts down (fast: every WAL record reaches the standby first, so no
     * committed row is lost) and stays down, the standby is promoted and this returns once it accepts writes (it
     * can assign a transaction id). From then on {@link #primary()} is the promoted server and there is no
     * standby.
     *
     * @throws IllegalStateException without a standby
     */
    public synchronized PostgresServer failover() {
        PostgresServer promoted = standby;
        if (promoted == null) {
            throw new IllegalStateException(
                    "failover needs a standby: call startStandby() first (FakeCluster starts one for operator shapes)");
        }
        PostgresServer old = primary;
        old.stop();
        promoted.promote();
        awaitWritable(promoted);
        primary = promoted;
        standby = null;
        LOG.info("failed over from {} to {}", old, promoted);
        return promoted;
    }

    private void awaitWritable(PostgresServer server) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = server.connect(superuser, "postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT txid_current()")) {
                rs.next();
                return;
            } catch (SQLException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the promotion", e);
            }
        }
        throw new IllegalStateException(
                "the promoted server on port " + server.port() + " does not accept writes after 60 s (" + last + ")");
    }

    /**
     * A login role {@code name} that is a member of {@code kfm_reader} (and may do what it may), with its own random
     * password, created once: an operator's user whose name the operator dictates (Crunchy users are DNS labels,
     * {@code kfm-reader}). Created on the primary; a standby replays it.
     */
    synchronized DbRole readerLogin(String name) {
        DbRole existing = readerLogins.get(name);
        if (existing != null) {
            return existing;
        }
        DbRole role = new DbRole(name, Secrets.password());
        try (Connection c = connect(superuser, "postgres");
                Statement s = c.createStatement()) {
            s.execute("SET log_statement = 'none'");
            s.execute("CREATE ROLE \"" + name.replace("\"", "\"\"") + "\" LOGIN PASSWORD '" + role.password()
                    + "' IN ROLE " + reader.user());
        } catch (SQLException e) {
            throw new IllegalStateException("creating role " + name + " failed: " + e.getMessage(), e);
        }
        readerLogins.put(name, role);
        return role;
    }

    /** The role's SCRAM-SHA-256 verifier as the server stores it ({@code pg_authid.rolpassword}). */
    String scramVerifier(DbRole role) {
        try (Connection c = connect(superuser, "postgres");
                java.sql.PreparedStatement s =
                        c.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            s.setString(1, role.user());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no role " + role.user());
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the verifier of " + role.user() + " failed: " + e.getMessage(), e);
        }
    }

    /** The server that accepts writes now. */
    public PostgresServer primary() {
        return primary;
    }

    /** The streaming standby, when one runs. */
    public Optional<PostgresServer> standby() {
        return Optional.ofNullable(standby);
    }

    /** Every server this LocalPostgis started, running or stopped, in start order. */
    public List<PostgresServer> servers() {
        return List.copyOf(servers);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return primary.port();
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

    /** JDBC URL of database {@code kfm} on the primary (no credentials in it). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    String jdbcUrl(String db) {
        return primary.jdbcUrl(db);
    }

    /** A new connection to {@code kfm} on the primary as the given role. */
    public Connection connect(DbRole role) throws SQLException {
        return connect(role, DATABASE);
    }

    Connection connect(DbRole role, String db) throws SQLException {
        return primary.connect(role, db);
    }

    /**
     * The primary's log: every statement it received ({@code log_statement=all}) and pgaudit's {@code AUDIT:}
     * lines.
     */
    public Path serverLog() {
        return primary.serverLog();
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
        for (PostgresServer server : servers) {
            server.stopImmediately();
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
