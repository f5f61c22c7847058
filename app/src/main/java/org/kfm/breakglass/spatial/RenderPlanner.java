package org.kfm.breakglass.spatial;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.geom.Envelope;

/**
 * Builds the {@link RenderPlan} of a layer for a viewport, off the UI thread: culls by a scan of the layer's flat
 * arrays, draws one SRID only (others are counted, never overlaid), decimates to pixel tolerance, turns overlapping
 * point marks into a density raster and never caps.
 */
public final class RenderPlanner {
    /** Vertices closer than this to the previous kept vertex are dropped. */
    public static final double VERTEX_TOLERANCE_PX = 0.5;
    /** Cull with this much slack so point marks and strokes at the edge are not cut off. */
    private static final double EDGE_SLACK_PX = 6;

    private RenderPlanner() {}

    public static RenderPlan plan(SpatialLayer layer, Viewport viewport, int srid, Collection<Integer> highlightRows) {
        // A bit set, not a Set<Integer>: the membership test runs once per visible geometry and must not box.
        var highlight = new BitSet();
        highlightRows.forEach(row -> {
            if (row >= 0) {
                highlight.set(row);
            }
        });
        LayerCounts counts = layer.counts();
        var normal = new ScreenPathWriter(viewport, VERTEX_TOLERANCE_PX, true);
        var highlighted = new ScreenPathWriter(viewport, VERTEX_TOLERANCE_PX, false);
        int[] drawnAndInSrid = layer.withPartition(srid, partition -> {
            if (partition == null) {
                return new int[] {0, 0};
            }
            Envelope window = viewport.worldEnvelope();
            window.expandBy(EDGE_SLACK_PX / viewport.scale());
            int drawn = 0;
            // Shapes first, points on top of them; each in row order, so the picture does not depend on timing.
            ShapeStore shapes = partition.shapes();
            for (int entry : partition.shapesIntersecting(window)) {
                (highlight.get(shapes.row(entry)) ? highlighted : normal).write(shapes, entry);
                drawn++;
            }
            PointStore points = partition.points();
            double minX = window.getMinX();
            double minY = window.getMinY();
            double maxX = window.getMaxX();
            double maxY = window.getMaxY();
            for (int entry = 0, n = points.size(); entry < n; entry++) {
                double x = points.x(entry);
                double y = points.y(entry);
                if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
                    (highlight.get(points.row(entry)) ? highlighted : normal).writePoint(x, y);
                    drawn++;
                }
            }
            return new int[] {drawn, partition.size()};
        });
        int drawn = drawnAndInSrid[0];
        int inSrid = drawnAndInSrid[1];
        List<SridCount> others = new ArrayList<>();
        for (SridCount c : counts.srids()) {
            if (c.srid() != srid) {
                others.add(c);
            }
        }
        var planCounts = new PlanCounts(
                counts.total(),
                drawn,
                inSrid - drawn,
                srid,
                others,
                counts.emptyRows(),
                counts.invalidRows(),
                counts.malformed(),
                normal.marks() + highlighted.marks(),
                normal.vertices() + highlighted.vertices());
        List<ScreenPath> basemap = List.of();
        if (Basemap.covers(srid)) {
            var land = new ScreenPathWriter(viewport, VERTEX_TOLERANCE_PX, false);
            ShapeStore shapes = Basemap.land(srid);
            Envelope window = viewport.worldEnvelope();
            for (int entry = 0; entry < shapes.size(); entry++) {
                if (shapes.intersects(entry, window.getMinX(), window.getMinY(), window.getMaxX(), window.getMaxY())) {
                    land.write(shapes, entry);
                }
            }
            basemap = land.paths();
        }
        boolean dense = normal.dense();
        return new RenderPlan(
                viewport,
                srid,
                basemap,
                normal.paths(),
                dense ? new double[0] : normal.points(),
                dense ? normal.density() : null,
                highlighted.paths(),
                highlighted.points(),
                MapFurniture.graticule(viewport, srid),
                MapFurniture.scaleBar(viewport, srid),
                planCounts);
    }
}
