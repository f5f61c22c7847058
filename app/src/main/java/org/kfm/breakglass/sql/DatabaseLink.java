package org.kfm.breakglass.sql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database connection through the tunnel, used by one thread at a time (plus {@link #cancel()} from any
 * thread).
 *
 * <p>Transactions: every statement runs in its own transaction (autocommit off, so pgjdbc streams rows through a
 * cursor with the fetch size). In read-only mode the transaction is {@code READ ONLY} and rolled back at the end.
 * In read-write mode a transaction that wrote something is left open after the statement: the caller must
 * {@link #commit()} or {@link #rollback()} ({@link #transactionPending()}); the next {@link #execute} rolls back
 * whatever was left uncommitted. Because every statement ends with a rollback unless committed, a session-level
 * {@code SET} (search_path, role, …) does not outlive its statement: per-statement settings go through
 * {@link QueryOptions}.
 */
public final class DatabaseLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLink.class);

    private final Connection connection;
    private final SocketOpenerRegistry.Registration registration;
    private final boolean readOnly;
    private final Duration defaultTimeout;
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private volatile boolean transactionPending;

    private DatabaseLink(Connection connection, SocketOpenerRegistry.Registration registration, ConnectSpec spec) {
        this.connection = connection;
        this.registration = registration;
        this.readOnly = spec.readOnly();
        this.defaultTimeout = spec.statementTimeout();
    }

    /**
     * Logs in through {@code opener} and prepares the session (read-only characteristics, statement timeout).
     *
     * @throws SqlFailure with advice: wrong password → check the Secret; refused/EOF → the tunnel is down
     */
    public static DatabaseLink connect(SocketOpener opener, ConnectSpec spec) throws SqlFailure {
        var registration = SocketOpenerRegistry.register(opener);
        var props = new Properties();
        props.setProperty("user", spec.user());
        props.setProperty("socketFactory", TunnelSocketFactory.class.getName());
        props.setProperty("socketFactoryArg", registration.id());
        // The bytes already travel inside the Kubernetes API server's TLS connection (the port-forward websocket);
        // the pod's end is loopback inside the pod network, so a second TLS layer adds nothing but certificates.
        props.setProperty("sslmode", "disable");
        props.setProperty("gssEncMode", "disable");
        props.setProperty("ApplicationName", spec.applicationName());
        props.setProperty("connectTimeout", "20");
        // Text transfer only: getString() is then the server's own text form, which ResultDigest hashes.
        props.setProperty("binaryTransfer", "false");
        props.setProperty("tcpKeepAlive", "false");
        // The password reaches pgjdbc as a char[] through its authentication plugin, never as a String property.
        var password = LoginPasswordPlugin.register(spec.password());
        props.setProperty("authenticationPluginClassName", LoginPasswordPlugin.class.getName());
        props.setProperty(LoginPasswordPlugin.REGISTRATION, password.id());
        // 127.0.0.1 is never dialled (the socket factory decides); an IP literal avoids any DNS lookup.
        var url = "jdbc:postgresql://127.0.0.1:5432/" + URLEncoder.encode(spec.database(), StandardCharsets.UTF_8);
        Connection connection = null;
        try {
            try {
                connection = new Driver().connect(url, props);
            } finally {
                password.close();
            }
            var link = new DatabaseLink(connection, registration, spec);
            link.prepareSession();
            LOG.info(
                    "database link open: database={} user={} readOnly={} application={}",
                    spec.database(),
                    spec.user(),
                    spec.readOnly(),
                    spec.applicationName());
            return link;
        } catch (SQLException e) {
            closeQuietly(connection);
            registration.close();
            throw SqlFailure.from(e);
        }
    }

    private void prepareSession() throws SQLException {
        try (var st = connection.createStatement()) {
            if (readOnly) {
                st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                try (var rs = st.executeQuery("SHOW default_transaction_read_only")) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        throw new SQLException("the server did not make the session read-only", "25000");
                    }
                }
            }
            try (var ps = connection.prepareStatement("SELECT set_config('statement_timeout', ?, false)")) {
                ps.setString(1, millis(defaultTimeout));
                ps.execute();
            }
        }
        connection.setAutoCommit(false);
    }

    /**
     * Runs exactly one statement and streams its rows into {@code sink}.
     *
     * @throws SqlFailure the server's error (sqlstate, position), or a script with more than one statement
     */
    public QueryOutcome execute(String sql, QueryOptions options, RowSink sink) throws SqlFailure {
        var statements = StatementClassifier.classify(sql);
        if (statements.size() != 1) {
            throw SqlFailure.notSent(
                    "expected exactly one statement, got " + statements.size(),
                    "split the script with StatementClassifier and run its statements one by one");
        }
        cancelRequested.set(false);
        if (transactionPending) {
            LOG.warn("rolling back a write transaction that was neither committed nor rolled back");
            rollback();
        }
        long started = System.nanoTime();
        try {
            beginTransaction(options);
            try (var st = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                st.setFetchSize(options.fetchSize());
                running.set(st);
                if (cancelRequested.get()) {
                    throw new SQLException("canceling statement due to user request", "57014");
                }
                var outcome = st.execute(sql)
                        ? ResultStreaming.stream(st.getResultSet(), options.maxRows(), sink, started)
                        : ResultStreaming.updateCount(st.getLargeUpdateCount(), started);
                finishTransaction();
                return outcome;
            } finally {
                running.set(null);
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw SqlFailure.from(e);
        } catch (RuntimeException e) {
            // A sink failure must not leave a transaction (or a write) behind.
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * {@code EXPLAIN (FORMAT TEXT)} of one statement; the plan arrives as rows of one text column. An error
     * position refers to {@code sql}, not to the prefixed text.
     */
    public QueryOutcome explain(String sql, QueryOptions options, RowSink sink) throws SqlFailure {
        var prefix = "EXPLAIN (FORMAT TEXT) ";
        try {
            return execute(prefix + sql, options, sink);
        } catch (SqlFailure failure) {
            if (failure.position() <= prefix.length()) {
                throw failure;
            }
            throw new SqlFailure(
                    failure.sqlstate(),
                    failure.position() - prefix.length(),
                    failure.serverMessage(),
                    failure.advice(),
                    failure.getCause());
        }
    }

    private void beginTransaction(QueryOptions options) throws SQLException {
        var timeout = options.statementTimeout() == null ? defaultTimeout : options.statementTimeout();
        try (var st = connection.createStatement()) {
            if (readOnly) {
                // Per transaction as well as per session: a user's SET default_transaction_read_only cannot undo it.
                st.execute("SET TRANSACTION READ ONLY");
            }
        }
        // A SELECT takes the transaction's snapshot, after which SET TRANSACTION READ WRITE is refused (25001).
        try (var ps = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            ps.setString(1, millis(timeout));
            ps.execute();
        }
    }

    /**
     * Read-only: roll back (so session-level SETs, SET ROLE included, never outlive the statement). Read-write:
     * leave the transaction to the caller only if it wrote something (it was assigned a transaction id);
     * otherwise there is nothing to commit and it is rolled back like a read.
     */
    private void finishTransaction() throws SQLException {
        if (!readOnly && wroteSomething()) {
            transactionPending = true;
        } else {
            connection.rollback();
        }
    }

    private boolean wroteSomething() throws SQLException {
        try (var st = connection.createStatement();
                var rs = st.executeQuery("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Commits the open write transaction. */
    public void commit() throws SqlFailure {
        try {
            connection.commit();
            transactionPending = false;
        } catch (SQLException e) {
            rollbackQuietly();
            throw SqlFailure.from(e);
        }
    }

    /** Rolls back the open transaction, if any. */
    public void rollback() throws SqlFailure {
        try {
            connection.rollback();
            transactionPending = false;
        } catch (SQLException e) {
            throw SqlFailure.from(e);
        }
    }

    /** True when a write statement ran and its transaction awaits {@link #commit()} or {@link #rollback()}. */
    public boolean transactionPending() {
        return transactionPending;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Asks the server to cancel the running statement (it then fails with SQLSTATE 57014). Safe from any thread.
     * pgjdbc sends the cancel request over a new connection made by the same socket factory, i.e. through the
     * tunnel. A cancel that arrives before the statement is sent cancels it before it starts.
     */
    public void cancel() {
        cancelRequested.set(true);
        var st = running.get();
        if (st == null) {
            return;
        }
        try {
            st.cancel();
        } catch (SQLException e) {
            LOG.warn("cancel request failed: {} ({})", e.getMessage(), e.getSQLState());
        }
    }

    /**
     * True when the connection answers. While a statement runs this only checks that the connection is open (a
     * probe would wait for the statement).
     */
    public boolean isAlive() {
        try {
            if (connection.isClosed()) {
                return false;
            }
            return running.get() != null || connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        rollbackQuietly();
        closeQuietly(connection);
        registration.close();
    }

    private void rollbackQuietly() {
        transactionPending = false;
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("close failed: {}", e.getMessage());
        }
    }

    private static String millis(Duration timeout) {
        return timeout.toMillis() + "ms";
    }
}
