package org.kfm.breakglass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalPostgisTest {

    private static LocalPostgis pg;

    @BeforeAll
    static void startServer() {
        pg = LocalPostgis.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void servesPostgisOnLoopbackWithScram() throws Exception {
        assertThat(pg.host()).isEqualTo("127.0.0.1");
        assertThat(pg.database()).isEqualTo("kfm");
        assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + pg.port() + "/kfm");
        assertThat(query(pg.reader(), "SELECT PostGIS_Full_Version()"))
                .singleElement()
                .asString()
                .contains("POSTGIS=");
        assertThat(query(pg.superuser(), "SELECT setting FROM pg_settings WHERE name = 'listen_addresses'"))
                .containsExactly("127.0.0.1");
        assertThat(query(pg.superuser(), "SELECT rolpassword FROM pg_authid WHERE rolname = 'kfm_reader'"))
                .singleElement()
                .asString()
                .startsWith("SCRAM-SHA-256$");
        assertThat(query(pg.superuser(), "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'"))
                .containsExactly("1");
    }

    @Test
    void rejectsAWrongPassword() {
        assertThatThrownBy(() -> pg.connect(new DbRole("kfm_reader", "wrong")).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void readerMayOnlySelect() throws Exception {
        assertThat(query(pg.reader(), "SELECT count(*) FROM places")).containsExactly("1001");
        assertThatThrownBy(() -> update(pg.reader(), "INSERT INTO places (name, kind) VALUES ('x', 'town')"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> update(pg.reader(), "CREATE TABLE sneaky (id int)"))
                .hasMessageContaining("permission denied");
    }

    @Test
    void writerMayChangeRowsButNotSchema() throws Exception {
        try (Connection c = pg.connect(pg.writer())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("INSERT INTO places (name, kind, geom) VALUES ('Writer town', 'town',"
                                + " ST_SetSRID(ST_MakePoint(9, 50), 4326))"))
                        .isEqualTo(1);
            }
            c.rollback();
        }
        assertThatThrownBy(() -> update(pg.writer(), "CREATE TABLE sneaky (id int)"))
                .hasMessageContaining("permission denied");
    }

    @Test
    void ownerCreatesTablesThatReaderCanReadAndWriterCanWrite() throws Exception {
        update(pg.owner(), "CREATE TABLE owner_made (id int)");
        update(pg.writer(), "INSERT INTO owner_made VALUES (7)");
        assertThat(query(pg.reader(), "SELECT id FROM owner_made")).containsExactly("7");
        update(pg.owner(), "DROP TABLE owner_made");
    }

    @Test
    void holdsSampleDataInGeographicAndProjectedCrs() throws Exception {
        assertThat(query(pg.reader(), "SELECT DISTINCT ST_SRID(geom) FROM places"))
                .containsExactly("4326");
        assertThat(query(pg.reader(), "SELECT DISTINCT ST_SRID(geom) FROM roads"))
                .containsExactly("4326");
        assertThat(query(pg.reader(), "SELECT DISTINCT ST_SRID(geom) FROM parcels"))
                .containsExactly("25832");
        assertThat(query(pg.reader(), "SELECT count(*) FROM places WHERE ST_IsEmpty(geom)"))
                .containsExactly("1");
        assertThat(query(pg.reader(), "SELECT parcel FROM parcels WHERE NOT ST_IsValid(geom)"))
                .containsExactly("DE-INVALID");
        assertThat(query(pg.reader(), "SELECT tableowner FROM pg_tables WHERE tablename = 'parcels'"))
                .containsExactly("kfm_owner");
        assertThat(query(
                        pg.reader(),
                        "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING gist%'"
                                + " AND tablename IN ('places', 'roads', 'parcels')"))
                .containsExactly("3");
    }

    @Test
    void logsEveryStatementToTheServerLog() throws Exception {
        query(pg.reader(), "SELECT 'marker-4711' AS m");
        assertThat(Files.readString(pg.serverLog())).contains("SELECT 'marker-4711' AS m");
    }

    @Test
    void pgauditLogsEachStatementWithItsClassUserDatabaseAndApplicationName() throws Exception {
        String marker = "audited-" + System.nanoTime();
        try (Connection c = java.sql.DriverManager.getConnection(
                        pg.jdbcUrl() + "&ApplicationName=audit-probe",
                        pg.reader().user(),
                        pg.reader().password());
                Statement s = c.createStatement()) {
            s.execute("SELECT '" + marker + "' AS m, count(*) FROM places");
        }
        var lines = Files.readAllLines(pg.serverLog()).stream()
                .filter(l -> l.contains(marker))
                .toList();
        assertThat(lines)
                .as("the statement log and pgaudit each saw it once")
                .hasSize(2)
                .allSatisfy(l -> assertThat(l)
                        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC \\[\\d+] [0-9a-f]+\\.[0-9a-f]+"
                                + " kfm_reader@kfm app=audit-probe .*"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).contains("LOG:  AUDIT: SESSION,").contains(",READ,SELECT,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("LOG:  execute <unnamed>: SELECT"));
        assertThat(query(pg.superuser(), "SHOW shared_preload_libraries"))
                .singleElement()
                .asString()
                .contains("pgaudit");
    }

    @Test
    void rolePasswordsStayOutOfTheServerLogAndStatementStatistics() throws Exception {
        String log = Files.readString(pg.serverLog());
        assertThat(log).contains("SET log_statement = 'none'");
        String statements = String.join("\n", query(pg.superuser(), "SELECT query FROM pg_stat_statements"));
        assertThat(statements).isNotEmpty();
        for (DbRole role : List.of(pg.owner(), pg.writer(), pg.reader(), pg.superuser())) {
            assertThat(log).doesNotContain(role.password());
            assertThat(statements).doesNotContain(role.password());
        }
    }

    @Test
    void writerMayCopyRowsIn() throws Exception {
        try (Connection c = pg.connect(pg.writer())) {
            c.setAutoCommit(false);
            long copied = c.unwrap(org.postgresql.PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY places (name, kind) FROM STDIN WITH (FORMAT csv)",
                            new java.io.StringReader("Copied one,town\nCopied two,village\n"));
            assertThat(copied).isEqualTo(2);
            c.rollback();
        }
    }

    @Test
    void createsExtraDatabasesWithAndWithoutPostgis() throws Exception {
        pg.createDatabase("plain_db", false);
        pg.createDatabase("gis_db", true);
        try (Connection c = java.sql.DriverManager.getConnection(
                        pg.jdbcUrl().replace("/kfm?", "/plain_db?"),
                        pg.reader().user(),
                        pg.reader().password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        try (Connection c = java.sql.DriverManager.getConnection(
                        pg.jdbcUrl().replace("/kfm?", "/gis_db?"),
                        pg.reader().user(),
                        pg.reader().password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT PostGIS_Version()")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void theHarnessRevokesTheSideEffectFunctionsExactlyAsTheDeployDoes() throws Exception {
        pg.createDatabase("kfm_revokes", false);
        for (String db : List.of("kfm", "postgres", "kfm_revokes")) {
            try (Connection reader = pg.connect(pg.reader(), db);
                    Connection victim = pg.connect(pg.reader(), db);
                    Connection owner = pg.connect(pg.owner(), db)) {
                int victimPid = Integer.parseInt(scalar(victim, "SELECT pg_backend_pid()"));
                for (String call : List.of(
                        "SELECT pg_terminate_backend(" + victimPid + ")",
                        "SELECT pg_advisory_lock(7)",
                        "SELECT lo_from_bytea(0, 'x')",
                        "SELECT pg_notify('kfm', 'x')")) {
                    assertThatThrownBy(() -> reader.createStatement().execute(call))
                            .as("%s as kfm_reader in %s", call, db)
                            .isInstanceOfSatisfying(
                                    SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                }
                assertThat(victim.isValid(5)).isTrue();
                assertThat(scalar(owner, "SELECT pg_try_advisory_lock(7)")).isEqualTo("t");
                assertThat(scalar(owner, "SELECT lo_unlink(lo_from_bytea(0, 'x'))"))
                        .isEqualTo("1");
            }
        }
        // The very statements of the deploy's file, not a copy: every REVOKE there took effect here.
        try (Connection c = pg.connect(pg.superuser());
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'pg_catalog'::regnamespace"
                                + " AND p.oid::regprocedure::text = ANY (ARRAY["
                                + String.join(
                                        ",",
                                        revokedSignatures().stream()
                                                .map(sig -> "'" + sig + "'")
                                                .toList())
                                + "]) AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a"
                                + " WHERE a.grantee = 0))")) {
            rs.next();
            assertThat(rs.getInt(1)).as("functions PUBLIC may still execute").isZero();
        }
        assertThat(revokedSignatures()).hasSizeGreaterThan(50);
    }

    /** The signatures the deploy's 30-function-privileges.sql revokes, as regprocedure prints them. */
    private static List<String> revokedSignatures() {
        var matcher = java.util.regex.Pattern.compile("REVOKE EXECUTE ON FUNCTION pg_catalog\\.([a-z0-9_]+\\([^)]*\\))")
                .matcher(StageObjects.initSql("30-function-privileges.sql"));
        var signatures = new ArrayList<String>();
        while (matcher.find()) {
            signatures.add(matcher.group(1).replace(", ", ","));
        }
        return signatures;
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void closeStopsTheServerAndDeletesItsDirectory() throws Exception {
        LocalPostgis other = LocalPostgis.start();
        Path log = other.serverLog();
        assertThat(log).exists();
        other.close();
        assertThat(log.getParent().getParent()).doesNotExist();
        assertThatThrownBy(() -> other.connect(other.reader()).close()).isInstanceOf(SQLException.class);
    }

    @Test
    void missingPostgisIsExplainedWithTheDebianPackageToInstall() {
        assertThat(KfmDatabase.postgisMissing(15))
                .hasMessageContaining("postgresql-15-postgis-3")
                .hasMessageContaining("apt-get install -y postgresql-15-postgis-3");
    }

    @Test
    void rolesNeverShowTheirPasswordWhenPrinted() {
        assertThat(pg.reader().toString())
                .doesNotContain(pg.reader().password())
                .contains("kfm_reader");
    }

    private static List<String> query(DbRole role, String sql) throws SQLException {
        try (Connection c = pg.connect(role);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private static void update(DbRole role, String sql) throws SQLException {
        try (Connection c = pg.connect(role);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
