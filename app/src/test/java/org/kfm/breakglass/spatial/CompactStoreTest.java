package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/** The layer's flat coordinate arrays: what they hold, what they cost, and hit tests on them without JTS. */
class CompactStoreTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private static GeometryRow row(int index, Geometry g, int srid) {
        g.setSRID(srid);
        return new GeometryRow(index, WKBWriter.toHex(new WKBWriter(2, true).write(g)));
    }

    private static GeometryRow wkt(int index, String wkt) throws Exception {
        return row(index, new WKTReader().read(wkt), 25832);
    }

    @Test
    void aMillionPointsCostTwentyBytesEachOnceSealed() {
        var layer = new SpatialLayer("geom");
        var batch = new ArrayList<GeometryRow>();
        for (int i = 0; i < 1_000_000; i++) {
            batch.add(row(i, FACTORY.createPoint(new Coordinate(i % 1000, i / 1000)), 4326));
            if (batch.size() == 50_000) {
                layer.append(batch);
                batch.clear();
            }
        }
        long streaming = layer.footprintBytes();

        layer.seal();

        // 4 bytes of row index + 16 of coordinates; while streaming the arrays carry up to half again as spare room.
        // (+8: the sentinels of the layer's empty shape store)
        assertThat(layer.footprintBytes()).isEqualTo(20_000_000L + 8);
        assertThat(streaming).isBetween(20_000_000L, 30_000_000L);
        assertThat(layer.counts().drawable()).isEqualTo(1_000_000);
        assertThat(layer.rowsAt(4326, 734, 512, 0.1)).containsExactly(512 * 1000 + 734);
    }

    @Test
    void polygonsKeepSixteenBytesPerVertexPlusTheirBounds() throws Exception {
        var layer = new SpatialLayer("geom");
        var rows = new ArrayList<GeometryRow>();
        for (int i = 0; i < 1000; i++) {
            // 65 vertices: a 64-gon ring, closed.
            rows.add(row(i, FACTORY.createPoint(new Coordinate(i * 10, 0)).buffer(4, 16), 25832));
        }
        layer.append(rows);
        layer.seal();

        long vertices = 1000L * 65;
        long perEntry = 4 + 32 + 4 + 1 + 4; // row, bounds, first part, part kind, part start
        assertThat(layer.footprintBytes()).isEqualTo(vertices * 16 + 1000 * perEntry + 4 + 4);
    }

    @Test
    void aClickInAHoleMissesThePolygonAndOnItsEdgeHitsIt() throws Exception {
        var layer = new SpatialLayer("geom");
        layer.append(List.of(
                wkt(0, "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))"),
                wkt(1, "MULTIPOLYGON (((200 0, 210 0, 210 10, 200 10, 200 0)), ((300 0, 310 0, 310 10, 300 0)))"),
                wkt(2, "LINESTRING (0 200, 100 300)"),
                wkt(3, "GEOMETRYCOLLECTION (POINT (500 500), LINESTRING (600 600, 700 600))"),
                wkt(4, "POLYGON ((0 0, 20 0, 20 20, 0 20, 0 0))")));

        assertThat(layer.rowsAt(25832, 50, 50, 1)).as("inside the hole").isEmpty();
        assertThat(layer.rowsAt(25832, 50, 40.5, 1)).as("on the hole's edge").containsExactly(0);
        // Inside both: the smaller polygon first.
        assertThat(layer.rowsAt(25832, 10, 10, 1)).containsExactly(4, 0);
        assertThat(layer.rowsAt(25832, 308, 2, 0.1))
                .as("the second part of the multi-polygon")
                .containsExactly(1);
        assertThat(layer.rowsAt(25832, 50, 251, 1)).as("near the line").containsExactly(2);
        assertThat(layer.rowsAt(25832, 500.5, 500, 1))
                .as("the collection's point")
                .containsExactly(3);
        assertThat(layer.rowsAt(25832, 650, 600.5, 1))
                .as("the collection's line")
                .containsExactly(3);
        assertThat(layer.rowsAt(25832, 650, 610, 1)).isEmpty();
    }

    @Test
    void aBowTiePolygonIsHitOnBothLobes() throws Exception {
        var layer = new SpatialLayer("geom");
        layer.append(List.of(wkt(0, "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")));

        assertThat(layer.counts().invalidRows()).containsExactly(0);
        assertThat(layer.rowsAt(25832, 1, 5, 0.1)).containsExactly(0);
        assertThat(layer.rowsAt(25832, 9, 5, 0.1)).containsExactly(0);
        assertThat(layer.rowsAt(25832, 5, 1, 0.1))
                .as("between the lobes, away from edges")
                .isEmpty();
    }

    @Test
    void aTinyPartOfAMultiPolygonStillLeavesAMark() throws Exception {
        var layer = new SpatialLayer("geom");
        layer.append(List.of(wkt(
                0,
                "MULTIPOLYGON (((0 0, 1000 0, 1000 1000, 0 1000, 0 0)), ((5000 0, 5000.1 0, 5000.1 0.1, 5000 0)))")));

        Viewport view = Viewport.fit(layer.extent(25832), 600, 100, 0); // 0.1 px per metre
        RenderPlan plan = RenderPlanner.plan(layer, view, 25832, List.of());

        assertThat(plan.paths()).hasSize(1);
        assertThat(plan.pointCount()).as("the sub-pixel triangle as a mark").isEqualTo(1);
        assertThat(plan.points()[0]).isCloseTo(view.screenX(5000), org.assertj.core.data.Offset.offset(0.5));
    }
}
