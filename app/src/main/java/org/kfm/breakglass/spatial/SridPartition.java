package org.kfm.breakglass.spatial;

import java.util.Arrays;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The drawable geometries of one SRID in a layer, in flat arrays (one entry per row) so a million points cost
 * little beyond the JTS objects themselves. The STRtree is built on demand because an STRtree is frozen after its
 * first query while rows may still be streaming in.
 */
final class SridPartition {
    /** A window showing at least this fraction of the layer's extent is culled by a linear scan. */
    private static final double WIDE_WINDOW_FRACTION = 0.25;

    private int size;
    private int[] rows = new int[64];
    private Geometry[] geometries = new Geometry[64];
    /** Single points are drawn straight from {@link #bounds}, without touching the JTS object (cache-friendly). */
    private boolean[] points = new boolean[64];
    /** minX, minY, maxX, maxY per entry. */
    private double[] bounds = new double[256];

    private final Envelope extent = new Envelope();
    private STRtree index;

    void add(int row, Geometry geometry) {
        if (size == rows.length) {
            int capacity = size + (size >> 1);
            rows = Arrays.copyOf(rows, capacity);
            geometries = Arrays.copyOf(geometries, capacity);
            points = Arrays.copyOf(points, capacity);
            bounds = Arrays.copyOf(bounds, capacity * 4);
        }
        Envelope e = geometry.getEnvelopeInternal();
        rows[size] = row;
        geometries[size] = geometry;
        points[size] = geometry instanceof Point;
        bounds[size * 4] = e.getMinX();
        bounds[size * 4 + 1] = e.getMinY();
        bounds[size * 4 + 2] = e.getMaxX();
        bounds[size * 4 + 3] = e.getMaxY();
        extent.expandToInclude(e);
        size++;
        index = null;
    }

    int size() {
        return size;
    }

    int row(int entry) {
        return rows[entry];
    }

    Geometry geometry(int entry) {
        return geometries[entry];
    }

    boolean isPoint(int entry) {
        return points[entry];
    }

    /** For a point entry: its x (the envelope's minX). */
    double pointX(int entry) {
        return bounds[entry * 4];
    }

    /** For a point entry: its y (the envelope's minY). */
    double pointY(int entry) {
        return bounds[entry * 4 + 1];
    }

    Envelope extent() {
        return new Envelope(extent);
    }

    boolean indexed() {
        return index != null;
    }

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

    /**
     * Entries whose envelope intersects {@code window}, in row order. A window showing a large part of the layer
     * (or a layer whose index is still being built in the background) is served by a scan of the flat bounds
     * array, which is faster than the tree there; a zoomed-in window asks the STRtree.
     */
    int[] entriesIntersecting(Envelope window) {
        if (window.covers(extent)) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Envelope visible = window.intersection(extent);
        boolean wide = visible.getArea() >= WIDE_WINDOW_FRACTION * extent.getArea();
        if (index == null || wide) {
            return scan(window);
        }
        var hits = new int[][] {new int[64]};
        int[] count = {0};
        index.query(window, item -> {
            if (count[0] == hits[0].length) {
                hits[0] = Arrays.copyOf(hits[0], count[0] * 2);
            }
            hits[0][count[0]++] = (Integer) item;
        });
        int[] entries = Arrays.copyOf(hits[0], count[0]);
        // Draw in row order so the picture does not depend on the tree's layout.
        Arrays.sort(entries);
        return entries;
    }

    /** Entries within {@code window} by the index when it exists, else by a scan (used by hit tests). */
    int[] entriesNear(Envelope window) {
        buildIndex();
        return entriesIntersecting(window);
    }

    private int[] scan(Envelope window) {
        double minX = window.getMinX();
        double minY = window.getMinY();
        double maxX = window.getMaxX();
        double maxY = window.getMaxY();
        int[] hits = new int[Math.min(size, 1024)];
        int count = 0;
        for (int i = 0; i < size; i++) {
            int b = i * 4;
            if (bounds[b] <= maxX && bounds[b + 2] >= minX && bounds[b + 1] <= maxY && bounds[b + 3] >= minY) {
                if (count == hits.length) {
                    hits = Arrays.copyOf(hits, count * 2);
                }
                hits[count++] = i;
            }
        }
        return Arrays.copyOf(hits, count);
    }
}
