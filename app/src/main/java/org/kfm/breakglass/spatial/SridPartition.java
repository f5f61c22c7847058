package org.kfm.breakglass.spatial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The drawable geometries of one SRID in a layer, in flat arrays (one entry per row) so a million points cost
 * little beyond the JTS objects themselves. The STRtree is built on demand because an STRtree is frozen after its
 * first query while rows may still be streaming in.
 */
final class SridPartition {
    private int size;
    private int[] rows = new int[64];
    private Geometry[] geometries = new Geometry[64];
    /** minX, minY, maxX, maxY per entry. */
    private double[] bounds = new double[256];
    private final Envelope extent = new Envelope();
    private STRtree index;

    void add(int row, Geometry geometry) {
        if (size == rows.length) {
            int capacity = size + (size >> 1);
            rows = Arrays.copyOf(rows, capacity);
            geometries = Arrays.copyOf(geometries, capacity);
            bounds = Arrays.copyOf(bounds, capacity * 4);
        }
        Envelope e = geometry.getEnvelopeInternal();
        rows[size] = row;
        geometries[size] = geometry;
        bounds[size * 4] = e.getMinX();
        bounds[size * 4 + 1] = e.getMinY();
        bounds[size * 4 + 2] = e.getMaxX();
        bounds[size * 4 + 3] = e.getMaxY();
        extent.expandToInclude(e);
        size++;
        index = null;
    }

    int size() { return size; }

    int row(int entry) { return rows[entry]; }

    Geometry geometry(int entry) { return geometries[entry]; }

    Envelope extent() { return new Envelope(extent); }

    boolean indexed() { return index != null; }

    /** Builds the STRtree now (call off the UI thread once streaming has finished). */
    void buildIndex() {
        if (index != null) {
            return;
        }
        var tree = new STRtree();
        for (int i = 0; i < size; i++) {
            tree.insert(new Envelope(bounds[i * 4], bounds[i * 4 + 2], bounds[i * 4 + 1], bounds[i * 4 + 3]), i);
        }
        tree.build();
        index = tree;
    }

    /** Entries whose envelope intersects {@code window}; a full scan when the window covers everything. */
    int[] entriesIntersecting(Envelope window) {
        if (window.covers(extent)) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        buildIndex();
        List<Integer> hits = new ArrayList<>();
        index.query(window, item -> hits.add((Integer) item));
        int[] entries = hits.stream().mapToInt(Integer::intValue).toArray();
        // Draw in row order so the picture does not depend on the tree's layout.
        Arrays.sort(entries);
        return entries;
    }
}
