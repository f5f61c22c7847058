package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

/**
 * A plan that carries on from the last one (ADR 0025) draws exactly what a fresh plan of the whole layer draws, and
 * never changes a plan already handed out.
 */
class PlanCarryTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Viewport VIEW = new Viewport(0, 0, 1, 400, 300);

    @Test
    void aStreamPlannedBatchByBatchEndsWithTheFramePlannedAtOnce() {
        List<GeometryRow> rows = rows(30_000, 40);
        var streamed = new SpatialLayer("geom");
        var carry = new RenderPlanner.Carry();
        List<RenderPlan> handedOut = new ArrayList<>();
        List<int[]> countsWhenHandedOut = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += 7_000) {
            streamed.append(rows.subList(from, Math.min(from + 7_000, rows.size())));
            RenderPlan plan = RenderPlanner.plan(streamed, VIEW, 3857, List.of(17), carry);
            handedOut.add(plan);
            countsWhenHandedOut.add(plan.dense() ? plan.density().counts().clone() : new int[0]);
        }
        var whole = new SpatialLayer("geom");
        whole.append(rows);
        RenderPlan fresh = RenderPlanner.plan(whole, VIEW, 3857, List.of(17));

        RenderPlan last = handedOut.getLast();
        assertThat(last.dense()).isTrue();
        assertThat(last.density().counts()).isEqualTo(fresh.density().counts());
        assertThat(last.density().max()).isEqualTo(fresh.density().max());
        assertThat(last.counts()).isEqualTo(fresh.counts());
        assertThat(last.counts().drawn()).isEqualTo(rows.size());
        assertThat(last.highlightPoints()).isEqualTo(fresh.highlightPoints());
        assertThat(xy(last.paths())).isEqualTo(xy(fresh.paths()));
        // The plans painted earlier still hold what they held when they were handed out.
        for (int i = 0; i < handedOut.size(); i++) {
            if (handedOut.get(i).dense()) {
                assertThat(handedOut.get(i).density().counts()).isEqualTo(countsWhenHandedOut.get(i));
            }
        }
        assertThat(handedOut.getFirst().counts().drawn()).isEqualTo(7_000);
    }

    @Test
    void aNewViewOrHighlightDrawsTheWholeLayerAgain() {
        List<GeometryRow> rows = rows(5_000, 10);
        var layer = new SpatialLayer("geom");
        var carry = new RenderPlanner.Carry();
        layer.append(rows.subList(0, 2_500));
        RenderPlanner.plan(layer, VIEW, 3857, List.of(), carry);
        layer.append(rows.subList(2_500, rows.size()));

        Viewport zoomed = VIEW.zoomAround(200, 150, 2);
        RenderPlan afterZoom = RenderPlanner.plan(layer, zoomed, 3857, List.of(), carry);
        assertThat(afterZoom.counts())
                .isEqualTo(RenderPlanner.plan(layer, zoomed, 3857, List.of()).counts());

        RenderPlan highlighted = RenderPlanner.plan(layer, zoomed, 3857, List.of(3), carry);
        RenderPlan freshHighlighted = RenderPlanner.plan(layer, zoomed, 3857, List.of(3));
        assertThat(highlighted.highlightPoints()).isEqualTo(freshHighlighted.highlightPoints());
        assertThat(highlighted.counts()).isEqualTo(freshHighlighted.counts());
    }

    /** Random points over the view, with a small square polygon every {@code polygonEvery} rows. */
    private static List<GeometryRow> rows(int n, int polygonEvery) {
        var random = new Random(25);
        var writer = new WKBWriter(2, true);
        var rows = new ArrayList<GeometryRow>();
        for (int i = 0; i < n; i++) {
            double x = random.nextDouble() * 400;
            double y = random.nextDouble() * 300;
            Geometry g = i % polygonEvery == 0
                    ? FACTORY.createPolygon(new Coordinate[] {
                        new Coordinate(x, y),
                        new Coordinate(x + 9, y),
                        new Coordinate(x + 9, y + 9),
                        new Coordinate(x, y + 9),
                        new Coordinate(x, y)
                    })
                    : FACTORY.createPoint(new Coordinate(x, y));
            g.setSRID(3857);
            rows.add(new GeometryRow(i, WKBWriter.toHex(writer.write(g))));
        }
        return rows;
    }

    private static List<List<Double>> xy(List<ScreenPath> paths) {
        return paths.stream()
                .map(p -> java.util.Arrays.stream(p.xy()).boxed().toList())
                .toList();
    }
}
