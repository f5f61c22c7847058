package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.postgresql.PGStatement;

/**
 * The console's first query of a transaction must leave nothing on pgaudit's stack that makes pgaudit refuse the
 * next top-level utility statement ({@code XX000 pgaudit stack is not empty}). LocalPostgis runs pgaudit with
 * {@code log_catalog = on}, its default and what production servers have; on PostgreSQL 15 a view in that query
 * (it used to read {@code pg_locks}) did exactly that whenever the statement after it ran in a named portal, i.e.
 * with a fetch size — every statement the link sends.
 */
class UtilityStatementsUnderPgauditTest {

    /** More than pgjdbc's prepareThreshold (5): the later runs go through a named server-side statement. */
    private static final int RUNS = 7;

    /** What the read-only gate admits that the server runs as a utility statement, plus plain reads around them. */
    private static final List<String> READ_ONLY_STATEMENTS = List.of(
            "SHOW search_path",
            "SHOW ALL",
            "EXPLAIN SELECT * FROM places WHERE id = 1",
            "EXPLAIN (FORMAT JSON) SELECT * FROM roads",
            "EXPLAIN ANALYZE SELECT count(*) FROM parcels",
            "VALUES (1), (2)",
            "TABLE places",
            "SELECT pid FROM pg_catalog.pg_stat_activity");

    /** What a write link sends as utility statements besides the read-only ones. */
    private static final List<String> WRITE_STATEMENTS =
            List.of("SET work_mem = '8MB'", "SET LOCAL work_mem = '16MB'", "RESET work_mem", "SHOW work_mem");

    private final LocalPostgis pg = SharedPostgis.get();

    @Test
    void theHarnessAuditsCatalogReadsAsAServerWithPgauditsDefaultsDoes() throws Exception {
        try (var c = pg.connect(pg.superuser());
                var st = c.createStatement()) {
            assertThat(show(st, "shared_preload_libraries")).contains("pgaudit");
            assertThat(show(st, "pgaudit.log_catalog"))
                    .as("LocalPostgis must keep pgaudit's default log_catalog = on: it is what catches this bug")
                    .isEqualTo("on");
            assertThat(show(st, "pgaudit.log")).contains("read");
        }
    }

    @Test
    void aViewInTheFirstQueryMakesPgauditRefuseTheNextUtilityStatement() throws Exception {
        // The query as it was: the harness must still reproduce the failure, or the tests below prove nothing.
        var withView = ReadOnlyTransaction.FIRST_QUERY.replace("pg_catalog.pg_lock_status()", "pg_catalog.pg_locks");
        assertThat(withView).isNotEqualTo(ReadOnlyTransaction.FIRST_QUERY);
        try (var c = pg.connect(pg.reader())) {
            c.setAutoCommit(false);
            firstQuery(c, withView);

            var failure = catchThrowableOfType(SQLException.class, () -> utility(c, "SHOW search_path", 100));

            assertThat(failure.getSQLState()).isEqualTo("XX000");
            assertThat(failure.getMessage()).contains("pgaudit stack is not empty");
            c.rollback();
        }
    }

    @Test
    void afterTheFirstQueryEveryUtilityStatementRunsWithAndWithoutAFetchSize() throws Exception {
        var failures = new ArrayList<String>();
        try (var c = pg.connect(pg.reader())) {
            c.setAutoCommit(false);
            for (var sql : READ_ONLY_STATEMENTS) {
                for (int fetchSize : new int[] {0, 1, 100}) {
                    for (int run = 1; run <= RUNS; run++) {
                        try {
                            boolean serverPrepared = firstQuery(c, ReadOnlyTransaction.FIRST_QUERY);
                            if (run == RUNS && !serverPrepared) {
                                failures.add("run " + run + " did not use a named server-side statement");
                            }
                            utility(c, sql, fetchSize);
                        } catch (SQLException e) {
                            failures.add(sql + " (fetch size " + fetchSize + ", run " + run + "): " + e.getSQLState()
                                    + " " + e.getMessage());
                        } finally {
                            c.rollback();
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void theFunctionGivesTheSameVirtualTransactionIdAsTheView() throws Exception {
        try (var c = pg.connect(pg.reader())) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement(ReadOnlyTransaction.FIRST_QUERY)) {
                ps.setString(1, "60000ms");
                try (var rs = ps.executeQuery();
                        var view = c.createStatement()
                                .executeQuery("SELECT (date_part('epoch', now()) * 1000000)::int8::text, virtualxid"
                                        + " FROM pg_locks WHERE locktype = 'virtualxid' AND pid = pg_backend_pid()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(view.next()).isTrue();
                    assertThat(rs.getString(3)).matches("[0-9]+/[0-9]+").isEqualTo(view.getString(2));
                    assertThat(rs.getString(2)).isEqualTo(view.getString(1));
                }
            }
            c.rollback();
        }
    }

    @Test
    void aReadOnlyLinkRunsEveryAdmittedUtilityStatementAgainAndAgain() throws Exception {
        var failures = new ArrayList<String>();
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            runAll(link, READ_ONLY_STATEMENTS, failures);
            for (int run = 1; run <= RUNS; run++) {
                try {
                    assertThat(link.explain("SELECT * FROM places", QueryOptions.defaults(), new CollectingSink())
                                    .rows())
                            .isPositive();
                } catch (SqlFailure e) {
                    failures.add("explain (run " + run + "): " + e.getMessage());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aWriteLinkRunsSetResetAndShowAgainAndAgain() throws Exception {
        var failures = new ArrayList<String>();
        try (var link = SharedPostgis.link(pg.writer(), false)) {
            runAll(link, WRITE_STATEMENTS, failures);
            runAll(link, READ_ONLY_STATEMENTS, failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void copyToStdoutThroughTheLinkGetsPastPgauditAndStopsAtTheDriver() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var failure = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute("COPY places TO STDOUT", QueryOptions.defaults(), new CollectingSink()));

            // pgaudit let the COPY start; pgjdbc's Statement then refuses the server's CopyOutResponse (the link
            // has no CopyManager path), and the link still works afterwards.
            assertThat(failure.sqlstate()).isEqualTo("0A000");
            assertThat(failure.getMessage()).contains("CopyManager").doesNotContain("pgaudit");
            assertThat(link.execute("SHOW search_path", QueryOptions.defaults(), new CollectingSink())
                            .rows())
                    .isEqualTo(1);
        }
    }

    private static void runAll(DatabaseLink link, List<String> statements, List<String> failures) {
        for (var sql : statements) {
            for (int fetchSize : new int[] {1, QueryOptions.DEFAULT_FETCH_SIZE}) {
                for (int run = 1; run <= RUNS; run++) {
                    try {
                        link.execute(sql, QueryOptions.defaults().withFetchSize(fetchSize), new CollectingSink());
                    } catch (SqlFailure e) {
                        failures.add(sql + " (fetch size " + fetchSize + ", run " + run + "): " + e.getMessage());
                    }
                }
            }
        }
    }

    /** The first query as the link sends it; true when pgjdbc used a named server-side statement for it. */
    private static boolean firstQuery(Connection c, String sql) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, "60000ms");
            boolean serverPrepared = ps.unwrap(PGStatement.class).isUseServerPrepare();
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(3)).isNotNull();
            }
            return serverPrepared;
        }
    }

    private static void utility(Connection c, String sql, int fetchSize) throws SQLException {
        try (var st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setEscapeProcessing(false);
            st.setFetchSize(fetchSize);
            if (st.execute(sql)) {
                try (var rs = st.getResultSet()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            }
        }
    }

    private static String show(java.sql.Statement st, String setting) throws SQLException {
        try (var rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
