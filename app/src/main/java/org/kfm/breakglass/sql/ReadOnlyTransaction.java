package org.kfm.breakglass.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which transaction a read-only statement ran in, and the check after it: still {@code transaction_read_only},
 * still the transaction the console began (same start time, same virtual transaction id) and no transaction id
 * assigned. A statement can only break that by leaving the console's transaction — which the gate and the
 * one-statement-per-Parse rule already stop — so a failed check is an alarm, not an error.
 *
 * <p>Every name is schema-qualified: a statement that managed to change {@code search_path} must not be able to
 * answer the check with its own functions.
 *
 * <p>The virtual id comes from {@code pg_catalog.pg_lock_status()}, the function behind the {@code pg_locks} view,
 * not from the view: on PostgreSQL 15 a view leaves a permission-less placeholder relation in the plan, which
 * pgaudit 1.7 ({@code log_catalog = on}, its default) takes for a statement of unknown kind; while the console's
 * first query's portal is still open (pgjdbc reuses the unnamed portal only at the next unnamed Bind, and a
 * statement with a fetch size runs in a named one), pgaudit then refuses the next top-level utility statement of
 * the transaction (SHOW, EXPLAIN, SET, COPY) with {@code XX000 pgaudit stack is not empty}. A function scan is
 * not a relation to pgaudit, so the query stays a plain SELECT to it. docs/testkit.md has the details.
 *
 * @param startedAt {@code now()}, the transaction's start time, in microseconds since the epoch (independent of
 *     DateStyle and TimeZone, which a function could change within the transaction)
 * @param virtualXid the transaction's virtual id from {@code pg_lock_status()}
 */
record ReadOnlyTransaction(String startedAt, String virtualXid) {

    /** Columns appended to the console's own first query of each transaction (no extra round trip). */
    static final String IDENTITY_COLUMNS = "(pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)"
            + "::pg_catalog.int8::pg_catalog.text, (SELECT l.virtualxid"
            + " FROM pg_catalog.pg_lock_status() l WHERE l.locktype = 'virtualxid' AND l.pid = pg_catalog.pg_backend_pid())";

    /**
     * The console's own first query of each transaction (prepared; its one parameter is the statement timeout):
     * sets the transaction's timeout and notes which transaction this is.
     */
    static final String FIRST_QUERY = "SELECT pg_catalog.set_config('statement_timeout', ?, true), " + IDENTITY_COLUMNS;

    /**
     * What a read-only link sends before each statement, in one round trip: pgjdbc splits the text at the
     * semicolon into one Parse per statement (each logged by the server under its own text, as
     * console-statements.txt lists them), puts its own {@code BEGIN} in front and ends them with one Sync. The
     * parameter is {@link #FIRST_QUERY}'s.
     */
    static final String READ_ONLY_BEGIN = "SET TRANSACTION READ ONLY;" + FIRST_QUERY;

    private static final String CHECK = "SELECT pg_catalog.current_setting('transaction_read_only'), "
            + IDENTITY_COLUMNS + ", pg_catalog.pg_current_xact_id_if_assigned()::pg_catalog.text";

    /**
     * The check and the rollback after it, in one round trip. The server runs them in order, so the check still
     * sees the statement's transaction; if the check fails the server skips the rollback up to the Sync, and the
     * caller's rollback ends the failed transaction.
     */
    static final String CHECK_AND_ROLLBACK = CHECK + ";ROLLBACK";

    /**
     * Runs the check, rolls the transaction back (one round trip for both) and says what is wrong, or empty when
     * the statement left the transaction as it found it.
     */
    Optional<String> violationThenRollback(Connection connection) throws SQLException {
        try (var st = connection.createStatement()) {
            Optional<String> found;
            if (!st.execute(CHECK_AND_ROLLBACK)) {
                throw new SQLException("the transaction check returned no result set", "XX000");
            }
            try (var rs = st.getResultSet()) {
                found = rs.next()
                        ? compare(
                                rs.getString(1),
                                new ReadOnlyTransaction(rs.getString(2), rs.getString(3)),
                                rs.getString(4))
                        : Optional.of("the transaction check returned no row");
            }
            // The ROLLBACK's (empty) result: it ran; pgjdbc saw the transaction end in the same ReadyForQuery.
            st.getMoreResults();
            return found;
        }
    }

    /** What differs between this transaction and what the server reports after the statement. */
    Optional<String> compare(String readOnlySetting, ReadOnlyTransaction now, String assignedXid) {
        var problems = new ArrayList<String>();
        if (!"on".equals(readOnlySetting)) {
            problems.add("transaction_read_only is " + readOnlySetting);
        }
        if (!Objects.equals(startedAt, now.startedAt()) || !Objects.equals(virtualXid, now.virtualXid())) {
            problems.add("the statement ran in another transaction than the read-only one the console began ("
                    + virtualXid + " at " + startedAt + ", now " + now.virtualXid() + " at " + now.startedAt() + ")");
        }
        if (assignedXid != null) {
            problems.add("the transaction was assigned transaction id " + assignedXid + ", as only a write does");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", List.copyOf(problems)));
    }
}
