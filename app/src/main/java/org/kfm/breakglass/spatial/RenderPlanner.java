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
        return plan(layer, viewport, srid, highlightRows, new Carry());
    }

    /**
     * Plans like {@link #plan(SpatialLayer, Viewport, int, Collection)}, but when {@code carry} holds the previous
     * plan of the same layer, viewport, SRID and highlighted rows, it only draws the geometries added since: a
     * streaming result's plans then cost the new rows, not the whole layer, and the final frame after the last row
     * costs the tail and the compose (ADR 0025). Anything else starts {@code carry} afresh. One caller at a time.
     */
    public static RenderPlan plan(
            SpatialLayer layer, Viewport viewport, int srid, Collection<Integer> highlightRows, Carry carry) {
        if (!carry.continues(layer, viewport, srid, highlightRows)) {
            carry.restart(layer, viewport, srid, highlightRows);
        }
        BitSet highlight = carry.highlight;
        LayerCounts counts = layer.counts();
        var normal = carry.normal;
        var highlighted = carry.highlighted;
        int[] drawnAndInSrid = layer.withPartition(srid, partition -> {
            if (partition == null) {
                return new int[] {0, 0};
            }
            Envelope window = viewport.worldEnvelope();
            window.expandBy(EDGE_SLACK_PX / viewport.scale());
            int drawn = carry.drawn;
            // Shapes first, points on top of them; each in row order, so the picture does not depend on timing.
            ShapeStore shapes = partition.shapes();
            for (int entry : partition.shapesIntersecting(window, carry.shapesDone)) {
                (highlight.get(shapes.row(entry)) ? highlighted : normal).write(shapes, entry);
                drawn++;
            }
            PointStore points = partition.points();
            double minX = window.getMinX();
            double minY = window.getMinY();
            double maxX = window.getMaxX();
            double maxY = window.getMaxY();
            int n = points.size();
            for (int entry = carry.pointsDone; entry < n; entry++) {
                double x = points.x(entry);
                double y = points.y(entry);
                if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
                    (highlight.get(points.row(entry)) ? highlighted : normal).writePoint(x, y);
                    drawn++;
                }
            }
            carry.shapesDone = shapes.size();
            carry.pointsDone = n;
            carry.drawn = drawn;
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
                normal.paths(), // RenderPlan copies the lists: the carried writer goes on adding to them
                dense ? new double[0] : normal.points(),
                dense ? normal.density() : null,
                highlighted.paths(),
                highlighted.points(),
                MapFurniture.graticule(viewport, srid),
                MapFurniture.scaleBar(viewport, srid),
                planCounts);
    }

    /** What the last plan drew, so the next plan of the same view can go on from there. */
    public static final class Carry {
        private SpatialLayer layer;
        private Viewport viewport;
        private int srid;
        private java.util.Set<Integer> highlightRows = java.util.Set.of();
        private BitSet highlight = new BitSet();
        private ScreenPathWriter normal;
        private ScreenPathWriter highlighted;
        private int shapesDone;
        private int pointsDone;
        private int drawn;

        boolean continues(SpatialLayer l, Viewport vp, int s, Collection<Integer> rows) {
            return normal != null
                    && l == layer
                    && vp.equals(viewport)
                    && s == srid
                    && highlightRows.equals(java.util.Set.copyOf(rows));
        }

        void restart(SpatialLayer l, Viewport vp, int s, Collection<Integer> rows) {
            layer = l;
            viewport = vp;
            srid = s;
            highlightRows = java.util.Set.copyOf(rows);
            // A bit set, not a Set<Integer>: the membership test runs once per visible geometry and must not box.
            highlight = new BitSet();
            rows.forEach(row -> {
                if (row >= 0) {
                    highlight.set(row);
                }
            });
            normal = new ScreenPathWriter(vp, VERTEX_TOLERANCE_PX, true);
            highlighted = new ScreenPathWriter(vp, VERTEX_TOLERANCE_PX, false);
            shapesDone = 0;
            pointsDone = 0;
            drawn = 0;
        }
    }
}
