package org.kfm.breakglass.kube.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * The init Job's script and SQL, exactly as rendered into ConfigMap postgis-init-sql, run against a real
 * PostgreSQL + PostGIS: PostGIS per database, owner/writer/reader with least privilege, and the side-effect
 * functions taken from PUBLIC (and given to the owner) in every database. Run twice, it must still succeed (the
 * Job is re-run on every database or password change).
 */
class StageInitSqlTest {
    private static final List<String> DATABASES = List.of("kfm_one", "kfm_two");
    private static final String OWNER_PASSWORD = UUID.randomUUID().toString();
    private static final String WRITER_PASSWORD = UUID.randomUUID().toString();
    private static final String READER_PASSWORD = UUID.randomUUID().toString();

    private static LocalPostgis pg;

    @TempDir
    static Path dir;

    @BeforeAll
    static void runInitJobScriptTwice() throws Exception {
        pg = LocalPostgis.start();
        var script = writeScripts();
        runInit(script);
        runInit(script);
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void everyListedDatabaseHasPostgis() throws Exception {
        for (var db : DATABASES) {
            try (var c = connect(db, "kfm_reader", READER_PASSWORD);
                    var rs = c.createStatement().executeQuery("SELECT ST_AsText(ST_MakePoint(1, 2))")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("POINT(1 2)");
            }
        }
    }

    @Test
    void ownerRunsDdlWriterWritesReaderReads() throws Exception {
        var table = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (var owner = connect("kfm_one", "kfm_owner", OWNER_PASSWORD)) {
            owner.createStatement()
                    .execute("CREATE TABLE " + table + " (id serial PRIMARY KEY, g geometry(Point, 4326))");
        }
        try (var writer = connect("kfm_one", "kfm_writer", WRITER_PASSWORD)) {
            assertThat(writer.createStatement()
                            .executeUpdate(
                                    "INSERT INTO " + table + " (g) VALUES (ST_SetSRID(ST_MakePoint(7, 8), 4326))"))
                    .isOne();
            assertThat(writer.createStatement().executeUpdate("UPDATE " + table + " SET g = g"))
                    .isOne();
            assertThatThrownBy(() -> writer.createStatement().execute("CREATE TABLE writer_made (i int)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> writer.createStatement().execute("DROP TABLE " + table))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("must be owner");
        }
        try (var reader = connect("kfm_one", "kfm_reader", READER_PASSWORD)) {
            try (var rs = reader.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                assertThat(rs.getInt(1)).isOne();
            }
            assertThatThrownBy(() -> reader.createStatement().executeUpdate("DELETE FROM " + table))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only transaction");
            reader.createStatement().execute("SET default_transaction_read_only = off");
            assertThatThrownBy(() -> reader.createStatement().executeUpdate("DELETE FROM " + table))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void rolesHaveNoClusterPowers() throws Exception {
        try (var c = connect("kfm_one", "kfm_reader", READER_PASSWORD);
                var rs = c.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM pg_roles WHERE rolname IN ('kfm_owner', 'kfm_writer', 'kfm_reader')"
                                        + " AND NOT rolsuper AND NOT rolcreatedb AND NOT rolcreaterole AND NOT rolbypassrls"
                                        + " AND rolcanlogin")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void theReaderCannotCallSideEffectFunctionsButTheOwnerCan() throws Exception {
        // kfm_one and kfm_two as listed, postgres (which PUBLIC may connect to), and a database made after the
        // Job ran, which inherits from template1.
        try (var admin = DriverManager.getConnection(
                        "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/postgres?sslmode=disable",
                        pg.superuser().user(),
                        pg.superuser().password());
                var st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS kfm_later");
            st.execute("CREATE DATABASE kfm_later");
        }
        for (var db : List.of("kfm_one", "kfm_two", "postgres", "kfm_later")) {
            try (var reader = connect(db, "kfm_reader", READER_PASSWORD);
                    var victim = connect(db, "kfm_reader", READER_PASSWORD);
                    var owner = connect(db, "kfm_owner", OWNER_PASSWORD);
                    var ownersOther = connect(db, "kfm_owner", OWNER_PASSWORD)) {
                int victimPid = pid(victim);
                for (var call : List.of(
                        "SELECT pg_terminate_backend(" + victimPid + ")",
                        "SELECT pg_cancel_backend(" + victimPid + ")",
                        "SELECT pg_advisory_lock(4711)",
                        "SELECT pg_try_advisory_xact_lock(1, 2)",
                        "SELECT lo_from_bytea(0, 'x')",
                        "SELECT lo_creat(-1)",
                        "SELECT pg_notify('kfm', 'x')",
                        "SELECT pg_read_file('PG_VERSION')",
                        "SELECT pg_ls_dir('.')")) {
                    assertThatThrownBy(() -> reader.createStatement().execute(call))
                            .as("%s as kfm_reader in %s", call, db)
                            .isInstanceOfSatisfying(
                                    SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                }
                assertThat(victim.isValid(5))
                        .as("the reader's other session survived")
                        .isTrue();
                assertThat(scalar(owner, "SELECT pg_advisory_lock(4711)::text")).isEmpty();
                assertThat(scalar(owner, "SELECT pg_advisory_unlock(4711)")).isEqualTo("t");
                assertThat(scalar(owner, "SELECT pg_notify('kfm', 'maintenance')::text"))
                        .isEmpty();
                String lo = scalar(owner, "SELECT lo_from_bytea(0, 'x')");
                assertThat(scalar(owner, "SELECT lo_unlink(" + lo + ")")).isEqualTo("1");
                assertThat(scalar(owner, "SELECT pg_terminate_backend(" + pid(ownersOther) + ")"))
                        .isEqualTo("t");
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        return Integer.parseInt(scalar(c, "SELECT pg_backend_pid()"));
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(String db, String user, String password) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db + "?sslmode=disable", user, password);
    }

    /** Writes the ConfigMap's files; the script's /sql/ paths point at them. */
    private static Path writeScripts() throws IOException {
        var configMap = StageFixture.find(StageFixture.objects(), ConfigMap.class, "postgis-init-sql");
        var sqlDir = Files.createDirectories(dir.resolve("sql"));
        for (var entry : configMap.getData().entrySet()) {
            var text = entry.getValue().replace("/sql/", sqlDir + "/");
            Files.writeString(sqlDir.resolve(entry.getKey()), text, StandardCharsets.UTF_8);
        }
        return sqlDir.resolve("init.sh");
    }

    private static void runInit(Path script) throws Exception {
        var process = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(process.environment());
        env.put("PATH", postgresBinDir() + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("PGHOST", pg.host());
        env.put("PGPORT", String.valueOf(pg.port()));
        env.put("PGUSER", pg.superuser().user());
        env.put("PGPASSWORD", pg.superuser().password());
        env.put("PGSSLMODE", "disable");
        env.put("KFM_DATABASES", String.join(" ", DATABASES));
        env.put("KFM_OWNER_PASSWORD", OWNER_PASSWORD);
        env.put("KFM_WRITER_PASSWORD", WRITER_PASSWORD);
        env.put("KFM_READER_PASSWORD", READER_PASSWORD);
        process.environment().clear();
        process.environment().putAll(env);
        var running = process.start();
        var output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(running.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(running.exitValue()).as("init.sh failed:%n%s", output).isZero();
        assertThat(output)
                .contains("postgis-init done")
                .doesNotContain(OWNER_PASSWORD, WRITER_PASSWORD, READER_PASSWORD);
    }

    /** psql and pg_isready, as the init Job's image has them on its PATH. */
    private static Path postgresBinDir() throws IOException {
        if (!Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            throw new AssertionError("/usr/lib/postgresql missing: install postgresql-15 and postgresql-15-postgis-3");
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("psql")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new AssertionError(
                            "psql not found under /usr/lib/postgresql/*/bin: install postgresql-15 and postgis"));
        }
    }
}
