package org.kfm.breakglass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Two real servers: a streaming hot standby of LocalPostgis, and a failover to it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandbyAndFailoverTest {

    private static LocalPostgis pg;

    @BeforeAll
    static void start() {
        pg = LocalPostgis.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void theStandbyStreamsOnItsOwnPortIsReadOnlyAndSeesThePrimarysCommits() throws Exception {
        PostgresServer standby = pg.startStandby();
        assertThat(pg.startStandby()).as("started once").isSameAs(standby);
        assertThat(standby.port()).isNotEqualTo(pg.primary().port());
        assertThat(standby.serverLog()).isNotEqualTo(pg.primary().serverLog());
        assertThat(standby.isInRecovery(pg.superuser())).isTrue();
        assertThat(pg.primary().isInRecovery(pg.superuser())).isFalse();
        try (Connection c = pg.primary().connect(pg.superuser(), "postgres");
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT state, application_name FROM pg_stat_replication")) {
            assertThat(rs.next()).as("the primary has a WAL sender").isTrue();
            assertThat(rs.getString(1)).isEqualTo("streaming");
        }

        String marker = "standby-" + System.nanoTime();
        try (Connection owner = pg.connect(pg.owner());
                Statement s = owner.createStatement()) {
            s.execute("CREATE TABLE replicated (note text)");
            s.execute("INSERT INTO replicated VALUES ('" + marker + "')");
        }
        await(() -> count(standby, "SELECT count(*) FROM replicated WHERE note = '" + marker + "'") == 1);
        assertThat(count(standby, "SELECT count(*) FROM places")).isEqualTo(1001);
        assertThat(count(standby, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'"))
                .isEqualTo(1);

        try (Connection c = standby.connect(pg.owner(), "kfm");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO replicated VALUES ('no')"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
        assertThat(Files.readString(standby.serverLog())).contains("started streaming WAL");
    }

    @Test
    @Order(2)
    void failoverPromotesTheStandbyWithEveryCommitAndStopsTheOldPrimary() throws Exception {
        PostgresServer oldPrimary = pg.primary();
        PostgresServer standby = pg.standby().orElseThrow();
        String marker = "before-failover-" + System.nanoTime();
        try (Connection owner = pg.connect(pg.owner());
                Statement s = owner.createStatement()) {
            s.execute("INSERT INTO replicated VALUES ('" + marker + "')");
        }

        PostgresServer promoted = pg.failover();

        assertThat(promoted).isSameAs(standby);
        assertThat(pg.primary()).isSameAs(promoted);
        assertThat(pg.standby()).isEmpty();
        assertThat(oldPrimary.isRunning()).isFalse();
        assertThatThrownBy(() -> oldPrimary.connect(pg.owner(), "kfm").close()).isInstanceOf(SQLException.class);
        assertThat(promoted.isInRecovery(pg.superuser())).isFalse();
        assertThat(pg.port()).isEqualTo(promoted.port());
        assertThat(count(promoted, "SELECT count(*) FROM replicated WHERE note = '" + marker + "'"))
                .as("a commit acknowledged by the old primary survives the failover")
                .isEqualTo(1);
        try (Connection writer = pg.connect(pg.writer());
                Statement s = writer.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO places (name, kind) VALUES ('after failover', 'town')"))
                    .isEqualTo(1);
        }
        assertThat(pg.servers()).containsExactly(oldPrimary, promoted);
        assertThatThrownBy(pg::failover).hasMessageContaining("failover needs a standby");
        assertThatThrownBy(pg::startStandby).hasMessageContaining("failed over already");
    }

    @Test
    @Order(3)
    void missingPgauditIsExplainedWithTheDebianPackageToInstall() {
        assertThat(LocalPostgis.pgauditMissing(15))
                .hasMessageContaining("postgresql-15-pgaudit")
                .hasMessageContaining("apt-get install -y postgresql-15-pgaudit");
    }

    private static long count(PostgresServer server, String sql) throws SQLException {
        try (Connection c = server.connect(pg.owner(), "kfm");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(BooleanSupplierWithSql condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    private static boolean holds(BooleanSupplierWithSql condition) throws Exception {
        try {
            return condition.getAsBoolean();
        } catch (SQLException e) {
            return false; // e.g. the table has not reached the standby yet
        }
    }

    @FunctionalInterface
    private interface BooleanSupplierWithSql {
        boolean getAsBoolean() throws Exception;
    }
}
