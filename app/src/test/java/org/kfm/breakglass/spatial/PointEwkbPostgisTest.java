package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.locationtech.jts.geom.Point;

/**
 * The point fast path (ADR 0025) against PostGIS's own hex EWKB: it reads exactly what JTS reads, and leaves to JTS
 * every value it cannot read exactly (so malformed input keeps its worded problem).
 */
class PointEwkbPostgisTest {
    private static LocalPostgis pg;
    private static Connection db;

    @BeforeAll
    static void startPostgis() throws Exception {
        pg = LocalPostgis.start();
        db = pg.connect(pg.reader());
    }

    @AfterAll
    static void stopPostgis() throws Exception {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void readsEveryPlainPointAsJtsDoesInBothByteOrdersWithAndWithoutSrid() throws Exception {
        List<GeometryRow> rows = PostgisRows.fetch(
                db,
                "SELECT g FROM (SELECT ST_SetSRID(ST_MakePoint(-180 + 360 * random(), -90 + 180 * random()), 4326) AS g"
                        + " FROM generate_series(1, 500) UNION ALL"
                        + " SELECT ST_MakePoint(1e300 * random(), -1e-300 * random()) FROM generate_series(1, 100)"
                        + " UNION ALL SELECT ST_SetSRID(ST_MakePoint(0, -0.0), 999999)) t");
        List<GeometryRow> bigEndian = PostgisRows.fetch(
                db,
                "SELECT encode(ST_AsEWKB(ST_SetSRID(ST_MakePoint(-12.5 + i, 47.25 * i), 3857), 'XDR'), 'hex')"
                        + " FROM generate_series(1, 50) i");
        var jts = new EwkbDecoder();
        var reading = new PointEwkb.Reading();
        for (GeometryRow row : concat(rows, bigEndian)) {
            var expected = jts.decodeHex(row.hex());
            assertThat(PointEwkb.read(row.hex(), reading)).as(row.hex()).isTrue();
            var point = (Point) expected.geometry();
            assertThat(reading.srid).as(row.hex()).isEqualTo(expected.srid());
            assertThat(Double.doubleToRawLongBits(reading.x)).isEqualTo(Double.doubleToRawLongBits(point.getX()));
            assertThat(Double.doubleToRawLongBits(reading.y)).isEqualTo(Double.doubleToRawLongBits(point.getY()));
        }
        assertThat(bigEndian.getFirst().hex()).startsWith("00");
    }

    @Test
    void leavesToJtsWhatItCannotReadExactly() throws Exception {
        List<GeometryRow> others = PostgisRows.fetch(
                db,
                "SELECT g FROM (VALUES ('POINT EMPTY'::geometry), ('SRID=4326;POINT Z (1 2 3)'),"
                        + " ('POINT M (1 2 3)'), ('MULTIPOINT (1 2)'), ('LINESTRING (0 0, 1 1)')) v(g)");
        var reading = new PointEwkb.Reading();
        for (GeometryRow row : others) {
            assertThat(PointEwkb.read(row.hex(), reading)).as(row.hex()).isFalse();
        }
        String point = PostgisRows.fetch(db, "SELECT 'SRID=4326;POINT (1 2)'::geometry")
                .getFirst()
                .hex();
        assertThat(PointEwkb.read(point, reading)).isTrue();
        assertThat(PointEwkb.read("\\x" + point, reading)).isTrue();
        assertThat(PointEwkb.read(point.substring(0, 48) + "zz", reading)).isFalse();
        assertThat(PointEwkb.read(point + "00", reading)).isFalse();
        assertThat(PointEwkb.read(point.substring(0, 48), reading)).isFalse();
        assertThat(PointEwkb.read("02" + point.substring(2), reading)).isFalse();
        assertThat(PointEwkb.read(null, reading)).isFalse();
        // Infinity in x: JTS decides what that is (the map must not draw it as an ordinary point).
        assertThat(PointEwkb.read(point.substring(0, 18) + "000000000000F07F" + point.substring(34), reading))
                .isFalse();
    }

    @Test
    void aLayerFedThroughTheFastPathCountsAndPlacesPointsAsTheJtsPathDid() throws Exception {
        List<GeometryRow> rows = PostgisRows.fetch(
                db,
                "SELECT g FROM (SELECT ST_SetSRID(ST_MakePoint(i, i * 2), 4326) AS g, i FROM generate_series(1, 300) i"
                        + " UNION ALL SELECT 'SRID=4326;POINT EMPTY'::geometry, 301"
                        + " UNION ALL SELECT 'SRID=4326;POINT Z (7 8 9)'::geometry, 302"
                        + " UNION ALL SELECT ST_SetSRID(ST_MakePoint(1, 1), 3857), 303) t ORDER BY i");
        var layer = new SpatialLayer("g");
        layer.append(rows);
        var counts = layer.counts();
        assertThat(counts.total()).isEqualTo(303);
        assertThat(counts.drawable()).isEqualTo(302);
        assertThat(counts.emptyRows()).containsExactly(300);
        assertThat(counts.srids()).containsExactly(new SridCount(4326, 301), new SridCount(3857, 1));
        var extent = layer.extent(4326);
        assertThat(List.of(extent.getMinX(), extent.getMinY(), extent.getMaxX(), extent.getMaxY()))
                .containsExactly(1.0, 2.0, 300.0, 600.0);
        assertThat(layer.rowsAt(4326, 7, 8, 0.01)).containsExactly(301);
        assertThat(layer.rowsAt(4326, 150, 300, 0.01)).containsExactly(149);
    }

    private static List<GeometryRow> concat(List<GeometryRow> a, List<GeometryRow> b) {
        var all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
