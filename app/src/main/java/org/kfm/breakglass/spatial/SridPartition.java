package org.kfm.breakglass.spatial;

import java.util.Arrays;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * The drawable geometries of one SRID in a layer, kept compactly: single points in a {@link PointStore}, every other
 * shape in a {@link ShapeStore}. No JTS object outlives {@link #add}. Culling and hit tests scan the flat arrays,
 * which for these sizes beats building and holding a tree (ADR 0019 replaces ADR 0007's STRtree).
 */
final class SridPartition {
    private final PointStore points = new PointStore();
    private final ShapeStore shapes = new ShapeStore();
    private final Envelope extent = new Envelope();

    /** Adds a non-empty geometry; false when it turned out to have nothing to draw. */
    boolean add(int row, Geometry geometry) {
        if (geometry instanceof Point p) {
            addPoint(row, p.getX(), p.getY());
            return true;
        }
        if (!shapes.add(row, geometry)) {
            return false;
        }
        int e = shapes.size() - 1;
        extent.expandToInclude(shapes.minX(e), shapes.minY(e));
        extent.expandToInclude(shapes.maxX(e), shapes.maxY(e));
        return true;
    }

    /** Adds a single point with finite coordinates. */
    void addPoint(int row, double x, double y) {
        points.add(row, x, y);
        extent.expandToInclude(x, y);
    }

    int size() {
        return points.size() + shapes.size();
    }

    PointStore points() {
        return points;
    }

    ShapeStore shapes() {
        return shapes;
    }

    Envelope extent() {
        return new Envelope(extent);
    }

    void trim() {
        points.trim();
        shapes.trim();
    }

    long footprintBytes() {
        return points.footprintBytes() + shapes.footprintBytes();
    }

    /** Point entries inside {@code window} (inclusive), in row order. */
    int[] pointsIn(Envelope window) {
        double minX = window.getMinX();
        double minY = window.getMinY();
        double maxX = window.getMaxX();
        double maxY = window.getMaxY();
        int n = points.size();
        int[] hits = new int[Math.min(n, 1024)];
        int count = 0;
        for (int i = 0; i < n; i++) {
            double x = points.x(i);
            double y = points.y(i);
            if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
                if (count == hits.length) {
                    hits = Arrays.copyOf(hits, count * 2);
                }
                hits[count++] = i;
            }
        }
        return Arrays.copyOf(hits, count);
    }

    /** Shape entries whose bounds intersect {@code window}, in row order. */
    int[] shapesIntersecting(Envelope window) {
        return shapesIntersecting(window, 0);
    }

    /** Shape entries from {@code from} on whose bounds intersect {@code window}, in row order. */
    int[] shapesIntersecting(Envelope window, int from) {
        double minX = window.getMinX();
        double minY = window.getMinY();
        double maxX = window.getMaxX();
        double maxY = window.getMaxY();
        int n = shapes.size();
        int[] hits = new int[Math.min(n, 1024)];
        int count = 0;
        for (int i = from; i < n; i++) {
            if (shapes.intersects(i, minX, minY, maxX, maxY)) {
                if (count == hits.length) {
                    hits = Arrays.copyOf(hits, count * 2);
                }
                hits[count++] = i;
            }
        }
        return Arrays.copyOf(hits, count);
    }
}
