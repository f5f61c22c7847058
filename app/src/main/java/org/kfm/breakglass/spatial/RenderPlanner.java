package org.kfm.breakglass.spatial;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.geom.Envelope;

/**
 * Builds the {@link RenderPlan} of a layer for a viewport, off the UI thread: culls with the layer's STRtree, draws
 * one SRID only (others are counted, never overlaid), decimates to pixel tolerance and never caps.
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
            int[] entries = partition.entriesIntersecting(window);
            for (int entry : entries) {
                int row = partition.row(entry);
                ScreenPathWriter writer = highlight.get(row) ? highlighted : normal;
                if (partition.isPoint(entry)) {
                    writer.writePoint(partition.pointX(entry), partition.pointY(entry));
                } else {
                    writer.write(row, partition.geometry(entry));
                }
            }
            return new int[] {entries.length, partition.size()};
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
        return new RenderPlan(
                viewport,
                srid,
                normal.paths(),
                normal.points(),
                highlighted.paths(),
                highlighted.points(),
                MapFurniture.graticule(viewport, srid),
                MapFurniture.scaleBar(viewport, srid),
                planCounts);
    }
}
