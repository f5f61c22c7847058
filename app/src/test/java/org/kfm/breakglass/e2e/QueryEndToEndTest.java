package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.session.ResultReceiver;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.spatial.EwkbDecoder;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/**
 * Issue 1 end to end: the CLI's smoke and query commands, geometry and large results through the real
 * port-forward, cancel and statement timeout — LocalPostgis behind the fake cluster, nothing mocked.
 */
class QueryEndToEndTest {
    private static Stage stage;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @Test
    void smokePassesEveryCheckAgainstTheFakeCluster() {
        var result = stage.cli("smoke", Stage.auditDir(temp, "smoke"));

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out().lines().filter(l -> l.startsWith("PASS")))
                .as(result.transcript())
                .hasSize(4);
        assertThat(result.out()).contains("version()", "PostGIS_Full_Version()", "ready-pod", "service exists");
    }

    @Test
    void queryPrintsRowsAsCsv() {
        var result = stage.cli(
                "query",
                Stage.auditDir(temp, "csv"),
                "--format",
                "csv",
                "--sql",
                "SELECT name, kind FROM places WHERE id <= 2 ORDER BY id");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out().lines().toList())
                .as(result.transcript())
                .containsExactly("name,kind", "Place 0001,village", "Place 0002,hamlet");
    }

    @Test
    void queryPrintsRowsAsJsonLines() {
        var result = stage.cli(
                "query",
                Stage.auditDir(temp, "json"),
                "--format",
                "json",
                "--sql",
                "SELECT id, name FROM places WHERE id <= 2 ORDER BY id");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        var lines = result.out().lines().toList();
        assertThat(lines).as(result.transcript()).hasSize(2);
        assertThat(lines.get(0)).contains("\"id\"", "1", "\"name\"", "\"Place 0001\"");
        assertThat(lines.get(1)).contains("\"Place 0002\"");
    }

    @Test
    void queryPrintsRowsAsTable() {
        var result = stage.cli(
                "query",
                Stage.auditDir(temp, "table"),
                "--format",
                "table",
                "--sql",
                "SELECT id, name FROM places WHERE id <= 2 ORDER BY id");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out()).as(result.transcript()).contains("id", "name", "Place 0001", "Place 0002");
        assertThat(result.err()).contains("READ · 2 row(s)");
    }

    @Test
    void geometriesThroughTheForwardDecodeToWhatPostgisSays() throws Exception {
        Map<String, String> expected =
                directText("SELECT 'places/' || id, ST_AsText(geom) FROM places WHERE NOT ST_IsEmpty(geom) UNION ALL "
                        + "SELECT 'parcels/' || id, ST_AsText(geom) FROM parcels");
        Map<String, Object> viaTunnel = new LinkedHashMap<>();
        Map<String, Object> ewkbViaTunnel = new LinkedHashMap<>();
        try (var session = stage.openSession(Stage.auditDir(temp, "geometry"))) {
            session.run(
                    "SELECT 'places/' || id, geom, ST_AsEWKB(geom) FROM places WHERE NOT ST_IsEmpty(geom) "
                            + "UNION ALL SELECT 'parcels/' || id, geom, ST_AsEWKB(geom) FROM parcels",
                    RunOptions.defaults(),
                    new Rows(values -> {
                        viaTunnel.put((String) values.get(0), values.get(1));
                        ewkbViaTunnel.put((String) values.get(0), values.get(2));
                    }));
        }

        assertThat(viaTunnel).hasSameSizeAs(expected).isNotEmpty();
        var decoder = new EwkbDecoder();
        var wkt = new WKTReader();
        for (var entry : expected.entrySet()) {
            Geometry truth = wkt.read(entry.getValue());
            var fromGeom = decoder.decodeHex((String) viaTunnel.get(entry.getKey()));
            var fromEwkb = decoder.decode((byte[]) ewkbViaTunnel.get(entry.getKey()));
            assertThat(fromGeom.decoded()).as(entry.getKey()).isTrue();
            assertThat(fromGeom.geometry().equalsExact(truth))
                    .as(entry.getKey() + " " + fromGeom.ewkt() + " vs " + entry.getValue())
                    .isTrue();
            assertThat(fromEwkb.geometry().equalsExact(truth))
                    .as(entry.getKey())
                    .isTrue();
            assertThat(fromGeom.srid()).isEqualTo(entry.getKey().startsWith("places") ? 4326 : 25832);
        }
    }

    @Test
    void twoHundredThousandRowsStreamThroughTheSession() throws Exception {
        var rows = new AtomicLong();
        var lastValue = new AtomicLong();
        try (var session = stage.openSession(Stage.auditDir(temp, "stream"))) {
            var reports = session.run(
                    "SELECT g, repeat('x', 100) FROM generate_series(1,200000) g",
                    RunOptions.defaults(),
                    new Rows(values -> {
                        rows.incrementAndGet();
                        lastValue.set(((Number) values.get(0)).longValue());
                    }));
            assertThat(reports).singleElement().satisfies(r -> {
                assertThat(r.rows()).isEqualTo(200_000);
                assertThat(r.truncated()).isFalse();
            });
        }
        assertThat(rows.get()).isEqualTo(200_000);
        assertThat(lastValue.get()).isEqualTo(200_000);
    }

    @Test
    void aLongStatementIsCancelledFromAnotherThreadAndTheNextOneWorks() throws Exception {
        try (var session = stage.openSession(Stage.auditDir(temp, "cancel"))) {
            var running = CompletableFuture.supplyAsync(() -> {
                try {
                    session.run("SELECT pg_sleep(60)", RunOptions.defaults(), new Rows(v -> {}));
                    return null;
                } catch (SessionFailure e) {
                    return e;
                }
            });
            Stage.await("pg_sleep(60) to run on the server", () -> stage.serverIsRunning("pg_sleep(60)"));

            session.cancel();

            SessionFailure failure = running.get(60, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.kind()).isEqualTo(SessionFailure.Kind.SQL);
            assertThat(failure.getMessage()).contains("57014");
            assertThat(firstValue(session, "SELECT 41 + 1")).isEqualTo(42);
        }
    }

    @Test
    void aStatementTimeoutCancelsOnTheServer() throws Exception {
        try (var session = stage.openSession(Stage.auditDir(temp, "timeout"))) {
            assertThatThrownBy(() -> session.run(
                            "SELECT pg_sleep(10)",
                            RunOptions.defaults().withStatementTimeout(Duration.ofSeconds(1)),
                            new Rows(v -> {})))
                    .isInstanceOfSatisfying(SessionFailure.class, e -> {
                        assertThat(e.kind()).isEqualTo(SessionFailure.Kind.SQL);
                        assertThat(e.getMessage()).contains("57014");
                    });
            assertThat(firstValue(session, "SELECT 7")).isEqualTo(7);
        }
    }

    static int firstValue(org.kfm.breakglass.session.BreakGlassSession session, String sql) throws SessionFailure {
        var values = new ArrayList<Object>();
        session.run(sql, RunOptions.defaults(), new Rows(v -> values.add(v.get(0))));
        return ((Number) values.get(0)).intValue();
    }

    private static Map<String, String> directText(String sql) throws Exception {
        var result = new LinkedHashMap<String, String>();
        try (Connection c = stage.pg().connect(stage.pg().reader());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getString(2));
            }
        }
        return result;
    }

    /** A receiver that hands each row to a consumer. */
    record Rows(java.util.function.Consumer<List<Object>> each) implements ResultReceiver {
        @Override
        public void columns(List<ColumnInfo> columns) {}

        @Override
        public void row(List<Object> values) {
            each.accept(values);
        }
    }
}
