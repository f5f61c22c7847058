package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.endpoint.Programs;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * ADR 0026: {@code breakglass query --format csv} writes geometry cells as the server's hex EWKB, cell for cell
 * what {@code psql --csv} prints for the same query (psql is the oracle, run directly against the database), so an
 * export is lossless; {@code --geometry} gives the readable forms on request, and a bad form is a usage error
 * before anything is opened.
 */
class GeometryCellsEndToEndTest {
    /**
     * Geometry and geography, 2D and Z, empty, NULL, a collection, and an ordinate that needs 17 significant
     * digits (0.1 + 0.2): EWKT with JTS's 16 digits would write it as 0.3.
     */
    private static final String QUERY = """
        SELECT id, geom, geom::geography AS geog FROM places WHERE id <= 3
        UNION ALL SELECT 1000, ST_SetSRID(ST_MakePoint(0.1::float8 + 0.2::float8, 1::float8 / 3), 4326), NULL
        UNION ALL SELECT 1001, 'SRID=25832;POINT Z (500000.125 5500000.5 12.75)'::geometry, NULL
        UNION ALL SELECT 1002, 'GEOMETRYCOLLECTION EMPTY'::geometry, 'SRID=4326;LINESTRING(7 47, 8 48)'::geography
        UNION ALL SELECT 1003, NULL, NULL
        ORDER BY 1""";

    private static Stage stage;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @Test
    void csvGeometryCellsAreWhatPsqlPrintsForTheSameQuery() {
        var cli = stage.cli("query", Stage.auditDir(temp, "csv-ewkb"), "--format", "csv", "--sql", QUERY);
        assertThat(cli.exitCode()).as(cli.transcript()).isZero();

        var psql = psqlCsv(QUERY);

        var ours = cells(cli.out());
        assertThat(ours).as(cli.transcript()).hasSize(8).isEqualTo(cells(psql));
        // The oracle is not trivially empty: real hex EWKB (SRID flag set) for geometry and geography.
        assertThat(ours.get(1).get(1)).startsWith("0101000020E6100000");
        assertThat(ours.get(1).get(2)).startsWith("0101000020E6100000");
    }

    /**
     * Cells built to trip a CSV writer: separators, quotes, line breaks, psql's end-of-data marker, blanks at either
     * end, a leading '#', long values (Jackson quotes any string over 24 characters unless told to check), the
     * empty string next to NULL, booleans, numerics Java would write in E-notation, float8/float4 around both of
     * the server's notations, and a geometry. One line, so psql's \\copy takes it too.
     */
    private static final String AWKWARD = "SELECT v.id, v.t, v.id * 1.5 AS n, v.id % 2 = 0 AS b,"
            + " 0.0000001 * v.id AS tiny, (v.id * 1234567.891)::float8 AS f8, (10.0 ^ (v.id - 8))::float8 AS e8,"
            + " (v.id * 0.1)::float4 AS f4, ST_SetSRID(ST_MakePoint(v.id, -v.id), 4326) AS g"
            + " FROM (VALUES (1, 'plain'), (2, 'a,b'), (3, 'say \"hi\"'), (4, E'two\\nlines'), (5, E'cr\\rhere'),"
            + " (6, '\\.'), (7, ' leading'), (8, 'trailing '), (9, '#hash'), (10, ''), (11, NULL),"
            + " (12, repeat('0123456789abcdef', 4)), (13, 'ünï ☃ 日本'), (14, E'tab\\there'), (15, '\"'), (16, ','),"
            + " (30, 'big')) AS v(id, t)";

    @Test
    void csvIsByteForByteWhatCopyWritesButForTheEndOfDataMarker() {
        // COPY quotes a lone \\. only in a one-column row; the console always quotes it, as psql does.
        var sql = AWKWARD + " WHERE v.t IS DISTINCT FROM '\\.' ORDER BY 1";
        var cli = stage.cli("query", Stage.auditDir(temp, "csv-copy"), "--format", "csv", "--sql", sql);
        assertThat(cli.exitCode()).as(cli.transcript()).isZero();

        var copy = psql(List.of("-c", "\\copy (" + sql + ") to stdout with (format csv, header)"));

        assertThat(copy).as("the oracle has every row").contains("say \"\"hi\"\"", "1e+22", "\n10,\"\",");
        assertThat(cli.out()).as(cli.transcript()).isEqualTo(copy);
    }

    @Test
    void csvIsByteForByteWhatPsqlPrintsWhereNoEmptyStringIsInvolved() {
        // psql --csv prints the empty string as it prints NULL; COPY and the console keep them apart.
        var sql = AWKWARD + " WHERE v.t IS DISTINCT FROM '' ORDER BY 1";
        assertThat(psqlCsv(sql)).as("psql quotes the end-of-data marker").contains("\n6,\"\\.\",");
        var cli = stage.cli("query", Stage.auditDir(temp, "csv-psql"), "--format", "csv", "--sql", sql);
        assertThat(cli.exitCode()).as(cli.transcript()).isZero();

        assertThat(cli.out()).as(cli.transcript()).isEqualTo(psqlCsv(sql));
    }

    @Test
    void theDefaultCsvCellKeepsEveryDigitThatEwktWouldRound() {
        var cli = stage.cli(
                "query",
                Stage.auditDir(temp, "lossless"),
                "--format",
                "csv",
                "--sql",
                "SELECT ST_SetSRID(ST_MakePoint(0.1::float8 + 0.2::float8, 1), 4326) AS g");
        assertThat(cli.exitCode()).as(cli.transcript()).isZero();
        var hex = cells(cli.out()).get(1).get(0);

        // Read back by the server, the exported cell is the same point to the last bit.
        assertThat(stage.ownerScalar("SELECT ST_X('" + hex + "'::geometry) = 0.1::float8 + 0.2::float8"))
                .isEqualTo("t");
        assertThat(stage.ownerScalar("SELECT ST_SRID('" + hex + "'::geometry)")).isEqualTo("4326");
    }

    @Test
    void readableFormsOnRequest() {
        var sql = "SELECT 'SRID=4326;POINT(7.5 47.25)'::geometry AS g";
        Map<String, String> expected = Map.of(
                "ewkt", "SRID=4326;POINT (7.5 47.25)",
                "wkt", "POINT (7.5 47.25)",
                "geojson", "{\"type\":\"Point\",\"coordinates\":[7.5,47.25]}",
                "ewkb", stage.ownerScalar("SELECT 'SRID=4326;POINT(7.5 47.25)'::geometry::text"));
        for (var form : expected.entrySet()) {
            var cli = stage.cli(
                    "query",
                    Stage.auditDir(temp, "form-" + form.getKey()),
                    "--format",
                    "csv",
                    "--geometry",
                    form.getKey(),
                    "--sql",
                    sql);
            assertThat(cli.exitCode()).as(cli.transcript()).isZero();
            assertThat(cells(cli.out()).get(1)).as(form.getKey()).containsExactly(form.getValue());
        }
        var json = stage.cli(
                "query", Stage.auditDir(temp, "json-ewkt"), "--format", "json", "--geometry", "ewkt", "--sql", sql);
        assertThat(json.out().strip()).as(json.transcript()).isEqualTo("{\"g\":\"SRID=4326;POINT (7.5 47.25)\"}");
        var table = stage.cli("query", Stage.auditDir(temp, "table"), "--format", "table", "--sql", sql);
        assertThat(table.out()).as(table.transcript()).contains("SRID=4326;POINT (7.5 47.25)");
    }

    @Test
    void anUnknownGeometryFormIsAUsageErrorBeforeAnythingOpens() {
        Path audit = Stage.auditDir(temp, "bad-form");
        var cli = stage.cli("query", audit, "--format", "csv", "--geometry", "kml", "--sql", "SELECT 1");

        assertThat(cli.exitCode()).as(cli.transcript()).isEqualTo(2);
        assertThat(cli.err()).contains("unknown geometry form 'kml'", "ewkb", "ewkt", "wkt", "geojson");
        assertThat(audit).as("nothing journaled").doesNotExist();
    }

    private static String psqlCsv(String sql) {
        return psql(List.of("--csv", "-c", sql));
    }

    private static String psql(List<String> arguments) {
        var pg = stage.pg();
        var command = new ArrayList<>(List.of(
                Programs.require("psql", "postgresql-client-15"),
                "-X",
                "-q",
                "-h",
                pg.host(),
                "-p",
                Integer.toString(pg.port()),
                "-U",
                pg.reader().user(),
                "-d",
                pg.database()));
        command.addAll(arguments);
        var result = Programs.run(command, Map.of("PGPASSWORD", pg.reader().password()), null, Duration.ofSeconds(60));
        assertThat(result.exit()).as(result.stderr()).isZero();
        return result.out();
    }

    /** Every record of a CSV text, header first, NULL and empty both as "" (psql and Jackson quote differently). */
    private static List<List<String>> cells(String csv) {
        var rows = new ArrayList<List<String>>();
        try (MappingIterator<List<String>> it = CsvMapper.builder()
                .enable(CsvReadFeature.WRAP_AS_ARRAY)
                .build()
                .readerForListOf(String.class)
                .readValues(csv)) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
