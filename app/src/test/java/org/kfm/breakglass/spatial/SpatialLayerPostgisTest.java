package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.LocalPostgis;

/** The layer and its plans against geometries from a real PostGIS (the testkit's sample tables). */
class SpatialLayerPostgisTest {
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

    private static SpatialLayer layerOf(String sql) throws Exception {
        var layer = new SpatialLayer("geom");
        layer.append(PostgisRows.fetch(db, sql));
        return layer;
    }

    @Test
    void countsEmptyInvalidAndMalformedRowsWithTheirIndices() throws Exception {
        var rows = new ArrayList<>(PostgisRows.fetch(
                db,
                "SELECT geom FROM (SELECT id, geom FROM places UNION ALL "
                        + "SELECT 100000 + id, ST_Transform(geom, 4326) FROM parcels) t ORDER BY id"));
        int emptyRow = rows.size() - 1 - 501; // the empty place is the last place (highest id)
        int invalidRow = rows.size() - 1; // the bow tie is the last parcel
        rows.add(new GeometryRow(rows.size(), "not-hex"));
        rows.add(new GeometryRow(rows.size(), "0101000020E6100000000000"));
        rows.add(new GeometryRow(rows.size(), null));
        var layer = new SpatialLayer("geom");
        layer.append(rows.subList(0, 700));
        layer.append(rows.subList(700, rows.size()));

        LayerCounts counts = layer.counts();

        assertThat(counts.total()).isEqualTo(1001 + 501 + 2);
        assertThat(counts.nulls()).isEqualTo(1);
        assertThat(counts.emptyRows()).containsExactly(emptyRow);
        assertThat(counts.invalidRows()).containsExactly(invalidRow);
        assertThat(counts.malformed())
                .extracting(RowProblem::rowIndex)
                .containsExactly(rows.size() - 3, rows.size() - 2);
        assertThat(counts.malformed()).allSatisfy(p -> assertThat(p.problem()).isNotBlank());
        assertThat(counts.drawable()).isEqualTo(1000 + 501);
        String status = RenderPlanner.plan(layer, Viewport.fit(layer.extent(4326), 800, 500, 10), 4326, List.of())
                .counts()
                .statusLine();
        assertThat(status)
                .startsWith("1,501 of 1,504 drawn · SRID 4326 · 1 empty (row " + emptyRow + ") · 1 invalid (row "
                        + invalidRow + ") · 2 malformed (rows " + (rows.size() - 3) + ", " + (rows.size() - 2) + ")");
    }

    @Test
    void hitTestFindsThePointRowNearestFirst() throws Exception {
        var layer = layerOf("SELECT geom FROM places ORDER BY id");
        double[] xy = PostgisRows.doubles(db, "SELECT ST_X(geom), ST_Y(geom) FROM places WHERE id = 123");

        assertThat(layer.rowsAt(4326, xy[0] + 0.001, xy[1], 0.005)).first().isEqualTo(122);
        assertThat(layer.rowsAt(4326, xy[0] + 0.001, xy[1], 0.0005)).isEmpty();
    }

    @Test
    void hitTestFindsTheLineRowByDistance() throws Exception {
        var layer = layerOf("SELECT geom FROM roads ORDER BY id");
        double[] xy = PostgisRows.doubles(
                db,
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint(geom, 0.3) p FROM roads WHERE id = 57) t");

        assertThat(layer.rowsAt(4326, xy[0], xy[1] + 0.0001, 0.001)).containsExactly(56);
    }

    @Test
    void hitTestFindsThePolygonRowByContainment() throws Exception {
        var layer = layerOf("SELECT geom FROM parcels ORDER BY id");
        double[] xy = PostgisRows.doubles(
                db, "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM parcels WHERE id = 300) t");

        assertThat(layer.rowsAt(25832, xy[0], xy[1], 1)).containsExactly(299);
        // Between parcels (the 200 m gap east of parcel 300) nothing is hit.
        double[] east = PostgisRows.doubles(
                db, "SELECT ST_XMax(geom) + 100, ST_Y(ST_Centroid(geom)) FROM parcels WHERE id = 300");
        assertThat(layer.rowsAt(25832, east[0], east[1], 1)).isEmpty();
    }

    @Test
    void mixedSridsAreReportedAndNeverDrawnTogether() throws Exception {
        var layer = layerOf(
                "SELECT geom FROM (SELECT id, geom FROM places UNION ALL SELECT 100000 + id, geom FROM parcels) t ORDER BY id");

        assertThat(layer.counts().srids()).containsExactly(new SridCount(4326, 1000), new SridCount(25832, 501));
        RenderPlan plan = RenderPlanner.plan(layer, Viewport.fit(layer.extent(4326), 800, 500, 10), 4326, List.of());
        assertThat(plan.paths()).isEmpty(); // parcels are polygons: none of them may appear in the 4326 plan
        assertThat(plan.counts().drawn()).isEqualTo(1000);
        assertThat(plan.counts().statusLine()).contains("501 geometries in SRID 25832 not drawn (mixed SRIDs)");

        RenderPlan parcels =
                RenderPlanner.plan(layer, Viewport.fit(layer.extent(25832), 800, 500, 10), 25832, List.of());
        assertThat(parcels.paths()).hasSize(501);
        assertThat(parcels.pointCount()).isZero();
        assertThat(parcels.counts().statusLine()).contains("1,000 geometries in SRID 4326 not drawn (mixed SRIDs)");
    }

    @Test
    void aMillionPointPlanCountsEveryGeometryExactly() throws Exception {
        String points = "SELECT ST_SetSRID(ST_MakePoint(5 + 10 * ((g::bigint * 7919) % 1000003) / 1000003.0, "
                + "45 + 10 * ((g::bigint * 104729) % 999983) / 999983.0), 4326) FROM generate_series(1, 1000000) g";
        var layer = new SpatialLayer("geom");
        PostgisRows.stream(db, points, 50_000, layer::append);

        RenderPlan full = RenderPlanner.plan(layer, Viewport.fit(layer.extent(4326), 1000, 700, 0), 4326, List.of());
        assertThat(full.counts().total()).isEqualTo(1_000_000);
        assertThat(full.counts().drawn()).isEqualTo(1_000_000);
        assertThat(full.counts().statusLine()).startsWith("1,000,000 of 1,000,000 drawn · SRID 4326");
        // A million points on 1000 x 700 pixels overlap: drawn as per-pixel counts that add up to every point.
        assertThat(full.dense()).isTrue();
        assertThat(full.pointCount()).isZero();
        assertThat(full.density().marks()).isEqualTo(1_000_000);
        assertThat(java.util.Arrays.stream(full.density().counts())
                        .asLongStream()
                        .sum())
                .isEqualTo(1_000_000);
        assertThat(full.density().occupiedPixels())
                .isLessThanOrEqualTo(1000 * 700)
                .isGreaterThan(100_000);

        var zoomed = new Viewport(7.0, 46.0, 250, 800, 500); // 3.2° x 2°
        RenderPlan part = RenderPlanner.plan(layer, zoomed, 4326, List.of());
        double slack = 6 / zoomed.scale();
        long expected = PostgisRows.count(
                db,
                "SELECT count(*) FROM (" + points + ") t(geom) WHERE ST_Intersects(geom, ST_MakeEnvelope("
                        + (zoomed.worldMinX() - slack) + "," + (zoomed.worldMinY() - slack) + ","
                        + (zoomed.worldMaxX() + slack) + "," + (zoomed.worldMaxY() + slack) + ", 4326))");
        assertThat(part.counts().drawn()).isEqualTo((int) expected);
        assertThat(part.counts().drawn() + part.counts().outsideView()).isEqualTo(1_000_000);
        assertThat(part.counts().statusLine())
                .startsWith(String.format("%,d of 1,000,000 drawn · %,d outside view", expected, 1_000_000 - expected));
    }
}
