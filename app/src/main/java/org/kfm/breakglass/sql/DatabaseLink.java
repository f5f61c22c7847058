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
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.postgresql.Driver;
import org.postgresql.core.BaseConnection;
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
 *
 * <p>What is sent is what was classified: {@link #execute} sends exactly one statement, re-lexed with the
 * server's current {@link #lexerSettings()} and agreed by pgjdbc's own parser, with JDBC escape processing off,
 * over the extended query protocol — so the server itself refuses a text holding several statements (42601).
 * After a read-only statement the link checks it is still in its own read-only transaction
 * ({@link ReadOnlyTransaction}); if not, it drops the connection and refuses everything after
 * ({@link SqlFailure#alarm()}).
 */
public final class DatabaseLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLink.class);

    private final Connection connection;
    private final SocketOpenerRegistry.Registration registration;
    private final boolean readOnly;
    private final Duration defaultTimeout;
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    /** Held for a whole statement (its wrapper's round trips included), a commit or a rollback. */
    private final Object oneStatementAtATime = new Object();

    private final BaseConnection driverState;
    private final int serverVersionNum;
    private volatile boolean transactionPending;
    private volatile boolean inRecovery;
    private volatile String alarm;
    private ReadOnlyTransaction transaction;

    private DatabaseLink(Connection connection, SocketOpenerRegistry.Registration registration, ConnectSpec spec)
            throws SQLException {
        this.connection = connection;
        this.registration = registration;
        this.readOnly = spec.readOnly();
        this.defaultTimeout = spec.statementTimeout();
        this.driverState = connection.unwrap(BaseConnection.class);
        var meta = connection.getMetaData();
        this.serverVersionNum = meta.getDatabaseMajorVersion() * 10000 + meta.getDatabaseMinorVersion();
    }

    /**
     * Logs in through {@code opener} and prepares the session (read-only characteristics, statement timeout).
     *
     * @throws SqlFailure with advice: wrong password → check the Secret; refused/EOF → the tunnel is down
     */
    public static DatabaseLink connect(SocketOpener opener, ConnectSpec spec) throws SqlFailure {
        var registration = SocketOpenerRegistry.register(opener);
        var props = driverProperties(spec, registration.id());
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

    /** The driver properties of every link, password aside; package-private for the protocol-wall test. */
    static Properties driverProperties(ConnectSpec spec, String socketFactoryArg) {
        var props = new Properties();
        props.setProperty("user", spec.user());
        props.setProperty("socketFactory", TunnelSocketFactory.class.getName());
        props.setProperty("socketFactoryArg", socketFactoryArg);
        // The bytes already travel inside the Kubernetes API server's TLS connection (the port-forward websocket);
        // the pod's end is loopback inside the pod network, so a second TLS layer adds nothing but certificates.
        props.setProperty("sslmode", "disable");
        props.setProperty("gssEncMode", "disable");
        props.setProperty("ApplicationName", spec.applicationName());
        props.setProperty("connectTimeout", "20");
        // Text transfer only: getString() is then the server's own text form, which ResultDigest hashes.
        props.setProperty("binaryTransfer", "false");
        props.setProperty("tcpKeepAlive", "false");
        // One Parse message per statement: the server refuses a text with several statements in one Parse (42601),
        // a wall of its own behind the gate. The simple protocol would run them all.
        props.setProperty("preferQueryMode", "extended");
        return props;
    }

    /** How the server lexes SQL right now: pgjdbc tracks standard_conforming_strings from the server's reports. */
    public LexerSettings lexerSettings() {
        return new LexerSettings(driverState.getStandardConformingStrings(), serverVersionNum);
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
            // The server's own word on its role, in the same round trip: an operator's labels can be stale.
            try (var ps = connection.prepareStatement(
                    "SELECT set_config('statement_timeout', ?, false), pg_catalog.pg_is_in_recovery()")) {
                ps.setString(1, millis(defaultTimeout));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    inRecovery = rs.getBoolean(2);
                }
            }
        }
        connection.setAutoCommit(false);
    }

    /**
     * Runs exactly one statement and streams its rows into {@code sink}. The text sent is the statement as
     * {@link StatementClassifier} reads it with the server's current settings (leading and trailing comments
     * dropped); a text that is not exactly one sendable statement is not sent.
     *
     * @throws SqlFailure the server's error (sqlstate, position), a text that is not one sendable statement, or
     *     an {@linkplain SqlFailure#alarm() alarm}
     */
    public QueryOutcome execute(String sql, QueryOptions options, RowSink sink) throws SqlFailure {
        // One statement at a time on the one connection: the read-only wrapper is round trips of its own
        // (transaction and identity before, check and rollback after the statement), and a second caller's statement in
        // between — the schema
        // browser's or the map's catalog questions while the operator's statement runs — would make the check see
        // another transaction and raise the alarm. cancel() does not take the lock.
        synchronized (oneStatementAtATime) {
            return executeAlone(sql, options, sink);
        }
    }

    private QueryOutcome executeAlone(String sql, QueryOptions options, RowSink sink) throws SqlFailure {
        if (alarm != null) {
            throw SqlFailure.notSent(
                    "not sent: this connection was dropped after an alarm (" + alarm + ")",
                    "start a new session and report the alarm");
        }
        var statements = StatementClassifier.classify(sql, lexerSettings());
        if (statements.size() != 1) {
            throw SqlFailure.notSent(
                    "expected exactly one statement, got " + statements.size(),
                    "split the script with StatementClassifier and run its statements one by one");
        }
        var statement = statements.get(0);
        if (!statement.sendable()) {
            throw SqlFailure.notSent("not sent: " + statement.unsendable(), "");
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
                // No {fn …}/{call …} rewriting: the server must get the very text that was classified.
                st.setEscapeProcessing(false);
                st.setFetchSize(options.fetchSize());
                running.set(st);
                if (cancelRequested.get()) {
                    throw new SQLException("canceling statement due to user request", "57014");
                }
                var outcome = st.execute(statement.sql())
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

    /** Why this link refuses every statement (it was dropped after an alarm), or null. */
    public String alarm() {
        return alarm;
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
        // Read-only: per transaction as well as per session (a user's SET default_transaction_read_only cannot undo
        // it), pipelined with the first query: pgjdbc's BEGIN, the SET and the SELECT go in one round trip.
        // The SELECT takes the transaction's snapshot, after which SET TRANSACTION READ WRITE is refused (25001);
        // it also notes which transaction this is, for the check after the statement.
        var text = readOnly ? ReadOnlyTransaction.READ_ONLY_BEGIN : ReadOnlyTransaction.FIRST_QUERY;
        try (var ps = connection.prepareStatement(text)) {
            ps.setString(1, millis(timeout));
            boolean rows = ps.execute();
            while (!rows && ps.getUpdateCount() != -1) {
                rows = ps.getMoreResults();
            }
            if (!rows) {
                throw new SQLException("the console's first query of the transaction returned no rows", "XX000");
            }
            try (var rs = ps.getResultSet()) {
                rs.next();
                transaction = new ReadOnlyTransaction(rs.getString(2), rs.getString(3));
            }
        }
    }

    /**
     * Read-only: roll back (so session-level SETs, SET ROLE included, never outlive the statement). Read-write:
     * leave the transaction to the caller only if it wrote something (it was assigned a transaction id);
     * otherwise there is nothing to commit and it is rolled back like a read.
     */
    private void finishTransaction() throws SQLException, SqlFailure {
        if (readOnly) {
            var violation = transaction.violationThenRollback(connection);
            if (violation.isPresent()) {
                raiseAlarm(violation.get());
            }
        } else if (wroteSomething()) {
            transactionPending = true;
        } else {
            connection.rollback();
        }
    }

    /** The read-only transaction was left: drop the connection (nothing is committed) and refuse from now on. */
    private void raiseAlarm(String violation) throws SqlFailure {
        alarm = "read-only integrity alarm: " + violation;
        LOG.error("{}; dropping the database connection", alarm);
        closeQuietly(connection);
        throw SqlFailure.alarm(alarm + "; the connection was dropped without committing and the session refuses"
                + " further statements: start a new session and report this");
    }

    private boolean wroteSomething() throws SQLException {
        try (var st = connection.createStatement();
                var rs = st.executeQuery("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Commits the open write transaction. */
    public void commit() throws SqlFailure {
        synchronized (oneStatementAtATime) {
            commitAlone();
        }
    }

    private void commitAlone() throws SqlFailure {
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
        synchronized (oneStatementAtATime) {
            rollbackAlone();
        }
    }

    private void rollbackAlone() throws SqlFailure {
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

    /**
     * Whether the server was a hot standby replaying WAL ({@code pg_is_in_recovery()}) when this link logged in. A
     * promotion while the link lives is not seen here; a failover drops the forwards, and the next login asks again.
     */
    public boolean inRecovery() {
        return inRecovery;
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

    /** The JDBC connection itself, for {@link RoleIssuer}'s role statements (package-private: nothing else). */
    Connection jdbc() {
        return connection;
    }

    /** True when the connection has not been closed and no alarm dropped it; asks the server nothing. */
    public boolean isOpen() {
        try {
            return alarm == null && !connection.isClosed();
        } catch (SQLException e) {
            return false;
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
