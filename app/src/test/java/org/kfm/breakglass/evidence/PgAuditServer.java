package org.kfm.breakglass.evidence;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.kfm.breakglass.evidence.serverlog.ServerLogLines;

/**
 * A throwaway PostgreSQL server from the OS binaries with pgaudit preloaded, logging to stderr (a file) with a
 * given {@code log_line_prefix}: the real producer of the log lines the evidence tests read. testkit's LocalPostgis
 * does not load pgaudit yet (wt/testkit adds it); once it does, these tests can move to it.
 *
 * <p>As root (CI) the server runs as the {@code postgres} OS user through {@code runuser}, as LocalPostgis does.
 * A missing pgaudit is a failure naming the Debian package, never a skip.
 */
public final class PgAuditServer implements AutoCloseable {

    /** Time, pid, (for sessions) user, database, application name, session id, line number, transaction id. */
    public static final String PREFIX = "%m [%p] %q%u@%d %a %c %l %x ";

    public static final String DATABASE = "kfm";
    public static final String READER = "kfm_reader";

    private static final String HOST = "127.0.0.1";

    private final Path base;
    private final Path bin;
    private final int port;
    private final String superPassword = UUID.randomUUID().toString();
    private final String readerPassword = UUID.randomUUID().toString();
    private final String prefix;
    private boolean running;

    private PgAuditServer(Path base, Path bin, int port, String prefix) {
        this.base = base;
        this.bin = bin;
        this.port = port;
        this.prefix = prefix;
    }

    /** A server with {@link #PREFIX}, {@code pgaudit.log_rows} as given, and a table {@code parcels} to read. */
    public static PgAuditServer start(boolean logRows) {
        return start(PREFIX, Map.of("pgaudit.log_rows", logRows ? "on" : "off"));
    }

    public static PgAuditServer start(String prefix, Map<String, String> extra) {
        Path bin = binaries();
        Path lib = bin.getParent().resolve("lib").resolve("pgaudit.so");
        if (!Files.exists(lib)) {
            throw new IllegalStateException("pgaudit is not installed (" + lib + " is missing): apt-get install -y"
                    + " postgresql-" + bin.getParent().getFileName() + "-pgaudit");
        }
        Path base;
        try {
            base = Files.createTempDirectory(Path.of("/tmp"), "kfm-pgaudit-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var server = new PgAuditServer(base, bin, freePort(), prefix);
        try {
            server.init(extra);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void init(Map<String, String> extra) {
        try {
            Path data = base.resolve("data");
            Path pw = base.resolve("pw");
            Files.writeString(pw, superPassword + "\n");
            handOver();
            tool(
                    "initdb",
                    "-D",
                    data.toString(),
                    "-U",
                    "postgres",
                    "--pwfile=" + pw,
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync");
            Files.delete(pw);
            var settings = new LinkedHashMap<String, String>();
            settings.put("listen_addresses", "'" + HOST + "'");
            settings.put("port", Integer.toString(port));
            settings.put("unix_socket_directories", "'" + base + "'");
            settings.put("shared_preload_libraries", "'pgaudit'");
            settings.put("pgaudit.log", "'read, write, function, role, ddl, misc'");
            settings.put("log_line_prefix", "'" + prefix.replace("'", "''") + "'");
            settings.put("lc_messages", "'C'");
            settings.put("log_timezone", "'UTC'");
            settings.put("fsync", "off");
            extra.forEach((k, v) -> settings.put(k, v.matches("[a-z0-9]+") ? v : "'" + v + "'"));
            var conf = new StringBuilder("\n# --- PgAuditServer (evidence tests) ---\n");
            settings.forEach((k, v) -> conf.append(k).append(" = ").append(v).append('\n'));
            Files.writeString(
                    data.resolve("postgresql.conf"),
                    conf,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            tool("pg_ctl", "-D", data.toString(), "-l", log().toString(), "-w", "-t", "60", "start");
            running = true;
            try (var c = superuser("postgres");
                    var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
                st.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + readerPassword + "'");
            }
            try (var c = superuser(DATABASE);
                    var st = c.createStatement()) {
                st.execute("CREATE EXTENSION pgaudit");
                // PostGIS's installer refuses to run while pgaudit logs (it raises "Set pgaudit.log to 'none'").
                st.execute("SET pgaudit.log = 'none'");
                st.execute("CREATE EXTENSION postgis");
                st.execute("RESET pgaudit.log");
                st.execute("CREATE TABLE parcels (id int PRIMARY KEY, owner text, geom geometry(Point, 4326))");
                st.execute(
                        "INSERT INTO parcels SELECT g, 'owner ' || g, ST_SetSRID(ST_MakePoint(7 + g / 100.0, 47), 4326)"
                                + " FROM generate_series(1, 50) g");
                st.execute(
                        "CREATE FUNCTION parcel_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM parcels'");
                st.execute("GRANT SELECT ON parcels TO " + READER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("preparing the pgaudit server failed: " + e.getMessage(), e);
        }
    }

    /**
     * Creates a login role the way per-session credentials will ({@code IN ROLE} the reader, a random password) and
     * returns its password.
     */
    public String createSessionRole(String role) throws SQLException {
        String password = UUID.randomUUID().toString();
        try (var c = superuser(DATABASE);
                var st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' IN ROLE " + READER);
        }
        return password;
    }

    /** Runs statements as the server's owner (setup, per-role settings). */
    public void asOwner(String... statements) throws SQLException {
        try (var c = superuser(DATABASE);
                var st = c.createStatement()) {
            for (var sql : statements) {
                st.execute(sql);
            }
        }
    }

    public String prefix() {
        return prefix;
    }

    public int port() {
        return port;
    }

    public String readerPassword() {
        return readerPassword;
    }

    public Path log() {
        return base.resolve("server.log");
    }

    /** The csvlog file, when started with {@code log_destination = csvlog} and {@code log_filename = postgresql}. */
    public Path csvLog() {
        return base.resolve("data").resolve("log").resolve("postgresql.csv");
    }

    /** A superuser connection to {@code db}, as the server's owner would open it. */
    public Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection(url(db), "postgres", superPassword);
    }

    /** A connection as {@code user} with {@code application_name}, over the extended protocol as the console uses. */
    public Connection connect(String user, String password, String applicationName) throws SQLException {
        var p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("preferQueryMode", "extended");
        return DriverManager.getConnection(url(DATABASE), p);
    }

    public String url(String db) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + db + "?sslmode=disable";
    }

    /** Runs SQL with the real psql client (simple protocol), as someone outside the console would. */
    public String psql(String user, String password, String applicationName, String sql) {
        var cmd = List.of(
                "psql",
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                HOST,
                "-p",
                Integer.toString(port),
                "-U",
                user,
                "-d",
                DATABASE,
                "-c",
                sql);
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGAPPNAME", applicationName);
        return run(pb, "psql");
    }

    /** The log's lines as they are now, split at line feeds only as the server writes them. */
    public List<String> logLines() {
        try {
            return ServerLogLines.split(Files.readAllBytes(log()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (up to 10 s) until a log line satisfies {@code test}; the server writes a statement's line as it ends. */
    public List<String> awaitLog(Predicate<String> test) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            var lines = logLines();
            if (lines.stream().anyMatch(test)) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line of " + log() + " matched within 10 s; last lines: "
                        + lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        if (running) {
            try {
                tool("pg_ctl", "-D", base.resolve("data").toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException e) {
                // deleting the directory below is what matters for the next test
            }
            running = false;
        }
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    private void handOver() {
        if (isRoot()) {
            run(new ProcessBuilder("chown", "-R", "postgres:", base.toString()), "chown");
        }
    }

    private void tool(String name, String... args) {
        var cmd = new ArrayList<String>();
        if (isRoot()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(name).toString());
        cmd.addAll(List.of(args));
        run(new ProcessBuilder(cmd), name);
    }

    private static String run(ProcessBuilder pb, String what) {
        try {
            var p = pb.redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql:"
                            + " apt-get install -y postgresql-15 postgresql-15-pgaudit"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no PostgreSQL server under /usr/lib/postgresql: apt-get install -y"
                            + " postgresql-15 postgresql-15-pgaudit",
                    e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() {
        try (var s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
