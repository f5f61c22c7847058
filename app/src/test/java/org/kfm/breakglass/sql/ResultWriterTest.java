package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

class ResultWriterTest {

    private static final String QUERY = """
      SELECT id, name, NULL::text AS missing, ''::text AS blank, geom, 'a,"b"' || chr(10) || 'c' AS tricky
      FROM places WHERE id <= 3 ORDER BY id""";

    private final org.kfm.breakglass.testkit.LocalPostgis pg = SharedPostgis.get();

    @Test
    void tableAlignsColumnsAndMarksNullDistinctly() throws Exception {
        var text =
                render(ResultFormat.TABLE, "SELECT 1 AS n, NULL::text AS a, 'NULL' AS b UNION ALL SELECT 22, 'x', 'y'");

        var lines = text.split("\n");
        assertThat(lines[0]).isEqualTo("n  | a | b");
        assertThat(lines[1]).isEqualTo("---+---+-----");
        assertThat(lines[2]).isEqualTo("1  | ∅ | NULL");
        assertThat(lines[3]).isEqualTo("22 | x | y");
        assertThat(lines[4]).isEqualTo("(2 rows)");
    }

    @Test
    void tableShowsHostileControlAndBidiCharactersEscapedWhileCsvAndJsonKeepThemExactly() throws Exception {
        // ESC [2J clears the screen, ESC ]0; … BEL sets the window title, CR rewrites the line, U+202E reverses it;
        // the column name (a quoted identifier) carries ESC too.
        var sql = "SELECT E'ok\\x1b[2J\\x1b]0;pwned\\x07' || chr(13) || 'fake' || chr(8238) || 'txt' AS v,"
                + " 'x' AS \"h\u001b[31m\"";
        var hostile = "ok\u001b[2J\u001b]0;pwned\u0007\rfake\u202etxt";

        var table = render(ResultFormat.TABLE, sql);
        var csv = render(ResultFormat.CSV, sql);
        var json = render(ResultFormat.JSON_LINES, sql);

        assertThat(table.codePoints().filter(cp -> (cp < 0x20 && cp != '\n') || cp == 0x7f || cp == 0x202e))
                .as(table)
                .isEmpty();
        assertThat(table)
                .contains("ok\\u001b[2J\\u001b]0;pwned\\u0007\\rfake\\u202etxt")
                .contains("h\\u001b[31m");
        assertThat(csv).contains(hostile).contains("h\u001b[31m");
        assertThat(JsonMapper.builder().build().readTree(json).get("v").asString())
                .isEqualTo(hostile);
    }

    @Test
    void tableFixesItsWidthsFromTheFirstRowsAndStreamsTheRest() throws Exception {
        var out = new StringWriter();
        var writer = ResultWriter.of(ResultFormat.TABLE, out);
        int rows = TableResultWriter.ALIGNED_ROWS + 500;
        String printedBeforeTheEnd;
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            link.execute(
                    "SELECT g, repeat('x', g / 1000 + g / 1500) AS w FROM generate_series(1, " + rows
                            + ") g ORDER BY g",
                    QueryOptions.defaults(),
                    writer);
            printedBeforeTheEnd = out.toString();
            writer.finish();
        }

        var lines = out.toString().split("\n");
        // Header, rule and every row are out before finish(): nothing beyond the first rows is held back.
        assertThat(printedBeforeTheEnd.split("\n")).hasSize(rows + 2);
        assertThat(lines).hasSize(rows + 3);
        assertThat(lines[0]).isEqualTo("g    | w");
        assertThat(lines[1]).isEqualTo("-----+--");
        assertThat(lines[2]).isEqualTo("1    | ");
        assertThat(lines[TableResultWriter.ALIGNED_ROWS + 1]).isEqualTo("1000 | x");
        // Row 1,500 came after the widths were fixed: its longer value widens only its own line.
        assertThat(lines[rows + 1]).isEqualTo("1500 | xx");
        assertThat(lines[rows + 2]).isEqualTo("(" + rows + " rows)");
    }

    @Test
    void csvOfAResultWithoutColumnsIsEmptyRatherThanAFailure() throws Exception {
        assertThat(render(ResultFormat.CSV, "SELECT")).isEmpty();
    }

    @Test
    void csvKeepsNullApartFromEmptyAndWritesGeometryAsEwktWhenAsked() throws Exception {
        var text = render(ResultFormat.CSV, GeometryForm.EWKT, QUERY);

        assertThat(text).contains(",,\"\",");
        var mapper =
                CsvMapper.builder().enable(CsvReadFeature.EMPTY_STRING_AS_NULL).build();
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(text)) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("name")).isEqualTo(serverText("SELECT name FROM places WHERE id = 1"));
        assertThat(rows.get(0).get("geom"))
                .isEqualTo("SRID=4326;"
                        + serverText("SELECT replace(ST_AsText(geom), 'POINT(', 'POINT (') FROM places WHERE id = 1"));
        assertThat(rows.get(0).get("tricky")).isEqualTo("a,\"b\"\nc");
    }

    @Test
    void csvAndJsonWriteGeometryAsTheServersHexEwkbByDefault() throws Exception {
        var hex = serverText("SELECT geom::text FROM places WHERE id = 1");
        assertThat(hex).startsWith("0101000020E6100000");

        var csv = render(ResultFormat.CSV, "SELECT geom FROM places WHERE id = 1");
        var json = render(ResultFormat.JSON_LINES, "SELECT geom FROM places WHERE id = 1");

        // Jackson quotes the cell (psql does not); the hex has no quote of its own, so without quotes it must match.
        assertThat(csv.replace("\"", "")).isEqualTo("geom\n" + hex + "\n");
        assertThat(json).isEqualTo("{\"geom\":\"" + hex + "\"}\n");
    }

    @Test
    void csvWritesEveryIntegerExactlyAsTheServerPrintsIt() throws Exception {
        // Integers go to Jackson as numbers, not as text: their digits must still be the server's, at every edge.
        var values = "(-32768)::int2 a, 32767::int2 b, (-2147483648)::int4 c, 2147483647::int4 d,"
                + " (-9223372036854775808)::int8 e, 9223372036854775807::int8 f, 0::int4 g, (-1)::int8 h,"
                + " NULL::int4 n";
        var fromServer = serverText("SELECT concat_ws(',', a::text, b::text, c::text, d::text, e::text, f::text,"
                + " g::text, h::text, coalesce(n::text, '')) FROM (SELECT " + values + ") v");

        var csv = render(ResultFormat.CSV, "SELECT " + values);

        assertThat(fromServer)
                .isEqualTo("-32768,32767,-2147483648,2147483647,-9223372036854775808," + "9223372036854775807,0,-1,");
        assertThat(csv).isEqualTo("a,b,c,d,e,f,g,h,n\n" + fromServer + "\n");
    }

    @Test
    void jsonLinesKeepTypesAndNulls() throws Exception {
        var text = render(ResultFormat.JSON_LINES, GeometryForm.EWKT, QUERY);

        var lines = text.split("\n(?=\\{)");
        assertThat(lines).hasSize(3);
        JsonNode first = JsonMapper.builder().build().readTree(lines[0]);
        assertThat(first.get("id").isNumber()).isTrue();
        assertThat(first.get("missing").isNull()).isTrue();
        assertThat(first.get("blank").asString()).isEmpty();
        assertThat(first.get("geom").asString()).startsWith("SRID=4326;POINT");
    }

    @Test
    void geoJsonExportIsAFeatureCollectionWithServerCoordinates() throws Exception {
        var text = render(ResultFormat.GEOJSON, "SELECT id, name, geom FROM places WHERE id <= 5 ORDER BY id");

        JsonNode root = JsonMapper.builder().build().readTree(text);
        assertThat(root.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(root.get("features")).hasSize(5);
        var feature = root.get("features").get(0);
        assertThat(feature.get("geometry").get("type").asString()).isEqualTo("Point");
        assertThat(feature.get("properties").get("id").asInt()).isEqualTo(1);
        assertThat(feature.get("properties").has("geom")).isFalse();
        var x = Double.parseDouble(serverText("SELECT ST_X(geom) FROM places WHERE id = 1"));
        var y = Double.parseDouble(serverText("SELECT ST_Y(geom) FROM places WHERE id = 1"));
        assertThat(feature.get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(x);
        assertThat(feature.get("geometry").get("coordinates").get(1).asDouble()).isEqualTo(y);
    }

    @Test
    void geoJsonOfProjectedDataNamesItsCrs() throws Exception {
        var text = render(ResultFormat.GEOJSON, "SELECT parcel, geom FROM parcels ORDER BY id LIMIT 2");

        JsonNode root = JsonMapper.builder().build().readTree(text);
        assertThat(root.get("features").get(0).get("geometry").get("type").asString())
                .isEqualTo("Polygon");
        assertThat(root.get("features").get(0).get("geometry").toString()).contains("EPSG:25832");
    }

    private String render(ResultFormat format, String sql) throws Exception {
        return render(format, GeometryForm.defaultFor(format), sql);
    }

    private String render(ResultFormat format, GeometryForm geometry, String sql) throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var out = new StringWriter();
            var writer = ResultWriter.of(format, geometry, out);
            link.execute(sql, QueryOptions.defaults(), writer);
            writer.finish();
            return out.toString();
        }
    }

    private String serverText(String sql) throws Exception {
        try (var connection = pg.connect(pg.reader());
                var st = connection.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
