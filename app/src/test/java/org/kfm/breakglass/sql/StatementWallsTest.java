package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.postgresql.Driver;
import org.postgresql.core.Parser;

/**
 * The walls behind the classifier, each shown on its own against the real server: pgjdbc's parser must agree, the
 * extended protocol makes the server refuse two statements in one Parse, JDBC escapes are not rewritten, and a
 * read-only statement that leaves its transaction state behind raises the alarm.
 */
class StatementWallsTest {
    /**
     * pgjdbc stops splitting after {@code BEGIN ATOMIC} up to the end of the text; the server ends the routine at
     * {@code END}, so it sees two statements where pgjdbc sends one Parse.
     */
    private static final String ONE_FOR_PGJDBC_TWO_FOR_THE_SERVER =
            "CREATE FUNCTION wall_probe() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;"
                    + " INSERT INTO wall_canary VALUES (1)";

    private final LocalPostgis pg = SharedPostgis.get();

    @Test
    void theServerRefusesTwoStatementsInOneParseWhenPgjdbcIsFooled() throws Exception {
        owner("CREATE TABLE IF NOT EXISTS wall_canary (i int)");
        owner("TRUNCATE wall_canary");
        owner("DROP FUNCTION IF EXISTS wall_probe()");
        // pgjdbc is fooled (one statement), the console's lexer is not (two).
        assertThat(Parser.parseJdbcSql(ONE_FOR_PGJDBC_TWO_FOR_THE_SERVER, true, false, true, false, false))
                .hasSize(1);
        assertThat(StatementClassifier.classify(ONE_FOR_PGJDBC_TWO_FOR_THE_SERVER))
                .hasSize(2);

        // Past the classifier (a raw pgjdbc connection with the link's own properties), as the owner who could
        // run both statements: the extended protocol's single Parse is refused as a whole.
        var failure = catchThrowableOfType(
                SQLException.class, () -> runAsOwner(ONE_FOR_PGJDBC_TWO_FOR_THE_SERVER, "extended"));

        assertThat(failure.getSQLState()).isEqualTo("42601");
        assertThat(failure.getMessage()).contains("cannot insert multiple commands into a prepared statement");
        assertThat(ownerScalar("SELECT count(*) FROM wall_canary")).isEqualTo("0");
        assertThat(ownerScalar("SELECT count(*) FROM pg_proc WHERE proname = 'wall_probe'"))
                .isEqualTo("0");

        // The control: the simple protocol would have run both.
        runAsOwner(ONE_FOR_PGJDBC_TWO_FOR_THE_SERVER, "simple");
        assertThat(ownerScalar("SELECT count(*) FROM wall_canary")).isEqualTo("1");
        owner("DROP FUNCTION wall_probe()");
    }

    @Test
    void aLinkSendsTheTextOnlyWhenPgjdbcSendsItUnchanged() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            // pgjdbc turns ?? outside quotes into ?: the server would not get the classified text.
            var rewritten = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute("SELECT 1 ?? 2", QueryOptions.defaults(), RowSink.discarding()));
            assertThat(rewritten.sqlstate()).isNull();
            assertThat(rewritten.getMessage()).contains("pgjdbc would rewrite the text");

            // The lexer sees two statements after the CR; so does pgjdbc: not one statement, not sent.
            assertThatThrownBy(() ->
                            link.execute("SELECT 1 --\r; SELECT 2", QueryOptions.defaults(), RowSink.discarding()))
                    .isInstanceOf(SqlFailure.class)
                    .hasMessageContaining("expected exactly one statement, got 2");
        }
    }

    @Test
    void jdbcEscapesReachTheServerVerbatim() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            // With escape processing on, pgjdbc would rewrite {fn ucase('a')} to upper('a') and return 'A'.
            var failure = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute("SELECT {fn ucase('a')}", QueryOptions.defaults(), RowSink.discarding()));

            assertThat(failure.sqlstate()).isEqualTo("42601");
        }
    }

    @Test
    void aReadOnlyStatementThatLeavesATransactionIdBehindRaisesTheAlarmAndDropsTheLink() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            // Below the session's gate (which would refuse it as FUNCTION), the link's own check catches it.
            var alarm = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute("SELECT pg_current_xact_id()", QueryOptions.defaults(), RowSink.discarding()));

            assertThat(alarm.alarm()).isTrue();
            assertThat(alarm.getMessage())
                    .contains("read-only integrity alarm")
                    .contains("assigned transaction id")
                    .contains("connection was dropped");
            assertThat(link.isAlive()).isFalse();
            assertThat(link.alarm()).contains("assigned transaction id");
            var refused = catchThrowableOfType(
                    SqlFailure.class, () -> link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding()));
            assertThat(refused.getMessage()).contains("dropped after an alarm");
        }
    }

    @Test
    void theCheckNamesEveryWayOfLeavingTheTransaction() {
        var began = new ReadOnlyTransaction("2026-01-01 10:00:00+00", "3/17");

        assertThat(began.compare("on", began, null)).isEmpty();
        assertThat(began.compare("off", began, null))
                .hasValueSatisfying(v -> assertThat(v).contains("transaction_read_only is off"));
        assertThat(began.compare("on", new ReadOnlyTransaction("2026-01-01 10:00:01+00", "3/18"), null))
                .hasValueSatisfying(
                        v -> assertThat(v).contains("another transaction").contains("3/18"));
        assertThat(began.compare("on", began, "742"))
                .hasValueSatisfying(v -> assertThat(v).contains("742"));
    }

    @Test
    void aLinkLexesWithTheServersStandardConformingStrings() throws Exception {
        pg.createDatabase("scs_off", false);
        superuser("ALTER DATABASE scs_off SET standard_conforming_strings = off");
        String text = "SELECT 'a\\'; SELECT 2; --'";
        var spec = new ConnectSpec(
                "scs_off",
                pg.reader().user(),
                pg.reader().password().toCharArray(),
                true,
                java.time.Duration.ofSeconds(60),
                "breakglass/test");
        try (var link = DatabaseLink.connect(new SharedPostgis.CountingOpener(), spec)) {
            assertThat(link.lexerSettings().standardConformingStrings()).isFalse();
            var sink = new CollectingSink();
            link.execute(text, QueryOptions.defaults(), sink);
            assertThat(sink.rows).containsExactly(java.util.List.of("a'; SELECT 2; --"));
        }
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            assertThat(link.lexerSettings())
                    .isEqualTo(new LexerSettings(true, link.lexerSettings().serverVersionNum()));
            assertThatThrownBy(() -> link.execute(text, QueryOptions.defaults(), RowSink.discarding()))
                    .hasMessageContaining("expected exactly one statement, got 2");
        }
    }

    private void runAsOwner(String sql, String protocol) throws SQLException {
        var registration = SocketOpenerRegistry.register(new SharedPostgis.CountingOpener());
        try {
            var spec = SharedPostgis.spec(pg.owner(), false);
            Properties props = DatabaseLink.driverProperties(spec, registration.id());
            assertThat(props.getProperty("preferQueryMode")).isEqualTo("extended");
            props.setProperty("preferQueryMode", protocol);
            props.setProperty("password", pg.owner().password());
            try (Connection c = new Driver().connect("jdbc:postgresql://127.0.0.1:5432/" + pg.database(), props);
                    var st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute(sql);
            }
        } finally {
            registration.close();
        }
    }

    private void owner(String sql) throws SQLException {
        try (var c = pg.connect(pg.owner());
                var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void superuser(String sql) throws SQLException {
        try (var c = DriverManager.getConnection(
                        pg.jdbcUrl(), pg.superuser().user(), pg.superuser().password());
                var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String ownerScalar(String sql) throws SQLException {
        try (var c = pg.connect(pg.owner());
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
