package org.kfm.breakglass.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running PostgreSQL server of a {@link LocalPostgis}: the primary it starts with, or a hot standby of it. It
 * listens on its own free port on 127.0.0.1 and writes its own log ({@link #serverLog()}), which the fake cluster
 * serves as its pod's container log.
 */
public final class PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    static final String HOST = "127.0.0.1";

    private final String name;
    private final PostgresBinaries binaries;
    private final Path dataDir;
    private final int port;
    private volatile boolean running;

    PostgresServer(String name, PostgresBinaries binaries, Path dataDir, int port) {
        this.name = name;
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** {@code primary} or {@code standby}: what it was started as (a promoted standby keeps its name). */
    public String name() {
        return name;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The server's log: every statement ({@code log_statement=all}) and pgaudit's {@code AUDIT:} lines. */
    public Path serverLog() {
        return dataDir.resolve("server.log");
    }

    public boolean isRunning() {
        return running;
    }

    Path dataDir() {
        return dataDir;
    }

    /** JDBC URL of database {@code db} on this server (no credentials in it). */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + db + "?sslmode=disable";
    }

    public Connection connect(DbRole role, String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), role.user(), role.password());
    }

    /** Whether the server is a standby replaying WAL ({@code pg_is_in_recovery()}), asked as {@code role}. */
    public boolean isInRecovery(DbRole role) throws SQLException {
        try (Connection c = connect(role, "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    void start() {
        binaries.runTool("pg_ctl", "-D", dataDir.toString(), "-l", serverLog().toString(), "-w", "-t", "60", "start");
        running = true;
        LOG.info("PostgreSQL {} ({}) started on {}:{}", binaries.majorVersion(), name, HOST, port);
    }

    /**
     * A fast shutdown: sessions are ended and, on a primary, every WAL record reaches a streaming standby before
     * the server exits, so a promotion afterwards loses nothing.
     */
    void stop() {
        if (running) {
            binaries.runTool("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop");
            running = false;
            LOG.info("PostgreSQL {} on port {} stopped", name, port);
        }
    }

    /** As a crash would: no checkpoint. For {@code close()}, where the data directory is deleted next. */
    void stopImmediately() {
        if (running) {
            try {
                binaries.runTool("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException e) {
                LOG.warn("stopping PostgreSQL in {} failed: {}", dataDir, e.getMessage());
            }
            running = false;
        }
    }

    /** {@code pg_ctl promote}, waiting until the server has left recovery. */
    void promote() {
        binaries.runTool("pg_ctl", "-D", dataDir.toString(), "-w", "-t", "60", "promote");
    }

    @Override
    public String toString() {
        return "PostgresServer[" + name + " " + HOST + ":" + port + (running ? "" : ", stopped") + "]";
    }
}
