package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

/** When points become a density raster, what its counts hold, and the ramp and legend drawn from it. */
class DensityRasterTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Viewport VIEW = new Viewport(0, 0, 1, 400, 300); // one world unit per pixel

    private static SpatialLayer layer(List<double[]> points) {
        var writer = new WKBWriter(2, true);
        var rows = new ArrayList<GeometryRow>();
        for (double[] p : points) {
            var point = FACTORY.createPoint(new Coordinate(p[0], p[1]));
            point.setSRID(3857);
            rows.add(new GeometryRow(rows.size(), WKBWriter.toHex(writer.write(point))));
        }
        var layer = new SpatialLayer("geom");
        layer.append(rows);
        return layer;
    }

    @Test
    void pointsFarApartAreDrawnAsMarkers() {
        var points = new ArrayList<double[]>();
        for (int i = 0; i < 1_200; i++) {
            points.add(new double[] {(i % 40) * 10 + 5, (i / 40) * 10 + 5}); // a 10 px grid: markers do not touch
        }

        RenderPlan plan = RenderPlanner.plan(layer(points), VIEW, 3857, List.of());

        assertThat(plan.dense()).isFalse();
        assertThat(plan.pointCount()).isEqualTo(1_200);
    }

    @Test
    void overlappingPointsBecomePerPixelCountsThatAddUpToEveryPoint() {
        var random = new Random(7);
        var points = new ArrayList<double[]>();
        for (int i = 0; i < 20_000; i++) {
            points.add(new double[] {200 + random.nextGaussian() * 20, 150 + random.nextGaussian() * 20});
        }
        for (int i = 0; i < 500; i++) {
            points.add(new double[] {10.5, 280.5}); // one pixel with 500 points: y 280.5 is screen row 19
        }

        RenderPlan plan = RenderPlanner.plan(layer(points), VIEW, 3857, List.of());

        assertThat(plan.dense()).isTrue();
        assertThat(plan.pointCount()).as("no markers beside the raster").isZero();
        DensityRaster density = plan.density();
        assertThat(density.width()).isEqualTo(400);
        assertThat(density.height()).isEqualTo(300);
        assertThat(Arrays.stream(density.counts()).sum()).isEqualTo(20_500);
        assertThat(density.marks()).isEqualTo(20_500);
        assertThat(density.count(10, 19)).isGreaterThanOrEqualTo(500);
        assertThat(density.max()).isEqualTo(density.count(10, 19));
        assertThat(density.count(200, 150)).as("the cluster's centre").isGreaterThan(density.count(260, 150));
        assertThat(plan.counts().drawn()).isEqualTo(20_500);
    }

    @Test
    void highlightedPointsStayMarkersOnTopOfTheRaster() {
        var points = new ArrayList<double[]>();
        for (int i = 0; i < 5_000; i++) {
            points.add(new double[] {100 + i % 50, 100 + (i / 50) % 50});
        }

        RenderPlan plan = RenderPlanner.plan(layer(points), VIEW, 3857, List.of(7, 4_999));

        assertThat(plan.dense()).isTrue();
        assertThat(plan.highlightPointCount()).isEqualTo(2);
        assertThat(Arrays.stream(plan.density().counts()).sum()).isEqualTo(4_998);
    }

    @Test
    void theRampRunsLogarithmicallyFromOneToTheMaximum() {
        var raster = new DensityRaster(2, 1, new int[] {1, 1000}, 1000, 1001);

        assertThat(raster.rampPosition(1)).isZero();
        assertThat(raster.rampPosition(1000)).isEqualTo(1.0);
        assertThat(raster.rampPosition(32)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(raster.legendTicks()).containsExactly(1, 32, 1000);
        assertThat(new DensityRaster(1, 1, new int[] {1}, 1, 1).legendTicks()).containsExactly(1);
        assertThat(new DensityRaster(1, 1, new int[] {3}, 3, 3).legendTicks()).containsExactly(1, 2, 3);
    }

    @Test
    void theColoursAreComposedWithTheRasterOnePerPixelAndEmptyPixelsStayTransparent() {
        // Counts above the cached range (4096) take the uncached path and must colour the same way.
        int[] counts = {0, 1, 2, 7, 5000, 9000, 0, 9000};
        var raster = new DensityRaster(4, 2, counts, 9000, 18010);

        for (int i = 0; i < counts.length; i++) {
            int expected = counts[i] == 0 ? 0 : DensityRamp.argb(raster.rampPosition(counts[i]));
            assertThat(raster.argb(i % 4, i / 4))
                    .as("pixel %d (count %d)", i, counts[i])
                    .isEqualTo(expected);
        }
        assertThat(raster.argb(1, 0)).isEqualTo(DensityRamp.argb(0));
        assertThat(raster.argb(1, 1)).isEqualTo(DensityRamp.argb(1));
        assertThat(raster.argb(0, 0)).isZero();
    }

    @Test
    void aRasterWhoseColoursDoNotFitItsSizeIsRefused() {
        assertThatThrownBy(() -> new DensityRaster(2, 1, new int[2], 1, 1, new int[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 2 colours, got 3");
    }

    @Test
    void viridisGrowsLighterFromPurpleToYellow() {
        assertThat(DensityRamp.argb(0)).isEqualTo(0xff440154);
        assertThat(DensityRamp.argb(1)).isEqualTo(0xfffde725);
        double previous = -1;
        for (int i = 0; i <= 100; i++) {
            int c = DensityRamp.argb(i / 100.0);
            double luminance = 0.2126 * (c >> 16 & 0xff) + 0.7152 * (c >> 8 & 0xff) + 0.0722 * (c & 0xff);
            assertThat(luminance).as("luminance at %d%%", i).isGreaterThanOrEqualTo(previous);
            previous = luminance;
        }
    }

    @Test
    void aRasterWhoseCountsDoNotFitItsSizeIsRefused() {
        assertThatThrownBy(() -> new DensityRaster(3, 3, new int[4], 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 9 counts, got 4");
    }
}
