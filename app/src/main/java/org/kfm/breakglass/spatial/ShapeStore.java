package org.kfm.breakglass.spatial;

import java.util.Arrays;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * The lines, polygons and multi-geometries of one SRID as flat arrays: per entry its row and bounds, per part its kind
 * and first vertex, and one x,y array for every vertex. Nothing of JTS is kept once a geometry is added, so a vertex
 * costs 16 bytes instead of a {@code Coordinate} object and its references (ADR 0019).
 */
final class ShapeStore {
    /** An open polyline. */
    static final byte LINE = 0;
    /** The outer ring of a polygon; the {@link #HOLE}s that follow it belong to it. */
    static final byte SHELL = 1;

    static final byte HOLE = 2;
    /** The points of a multi-point (or of a point inside a collection): each vertex is a mark. */
    static final byte POINTS = 3;

    private int size;
    private int[] rows = new int[16];
    /** minX, minY, maxX, maxY per entry. */
    private double[] bounds = new double[64];
    /** Entry {@code e} owns parts {@code firstPart[e]} to {@code firstPart[e + 1]} (exclusive). */
    private int[] firstPart = new int[17];

    private int parts;
    private byte[] partKind = new byte[16];
    /** Part {@code p} owns vertices {@code partStart[p]} to {@code partStart[p + 1]} (exclusive). */
    private int[] partStart = new int[17];

    private int vertices;
    private double[] xy = new double[64];

    /** Adds a non-empty geometry; returns false (adding nothing) when it has no non-empty part. */
    boolean add(int row, Geometry geometry) {
        int partsBefore = parts;
        int verticesBefore = vertices;
        addParts(geometry);
        if (parts == partsBefore) {
            return false;
        }
        if (size == rows.length) {
            int capacity = grow(size);
            rows = Arrays.copyOf(rows, capacity);
            bounds = Arrays.copyOf(bounds, capacity * 4);
            firstPart = Arrays.copyOf(firstPart, capacity + 1);
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int v = verticesBefore; v < vertices; v++) {
            double x = xy[2 * v];
            double y = xy[2 * v + 1];
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        rows[size] = row;
        bounds[size * 4] = minX;
        bounds[size * 4 + 1] = minY;
        bounds[size * 4 + 2] = maxX;
        bounds[size * 4 + 3] = maxY;
        firstPart[size] = partsBefore;
        size++;
        firstPart[size] = parts;
        return true;
    }

    private void addParts(Geometry g) {
        switch (g) {
            case Point p
            when !p.isEmpty() -> {
                addPart(POINTS);
                addVertex(p.getX(), p.getY());
                closePart();
            }
            case LineString line when !line.isEmpty() -> addSequence(LINE, line.getCoordinateSequence());
            case Polygon polygon
            when !polygon.isEmpty() -> {
                addSequence(SHELL, polygon.getExteriorRing().getCoordinateSequence());
                for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
                    LineString hole = polygon.getInteriorRingN(i);
                    if (!hole.isEmpty()) {
                        addSequence(HOLE, hole.getCoordinateSequence());
                    }
                }
            }
            default -> {
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    Geometry part = g.getGeometryN(i);
                    if (part != g && !part.isEmpty()) {
                        addParts(part);
                    }
                }
            }
        }
    }

    private void addSequence(byte kind, CoordinateSequence seq) {
        addPart(kind);
        for (int i = 0; i < seq.size(); i++) {
            addVertex(seq.getX(i), seq.getY(i));
        }
        closePart();
    }

    private void addPart(byte kind) {
        if (parts == partKind.length) {
            int capacity = grow(parts);
            partKind = Arrays.copyOf(partKind, capacity);
            partStart = Arrays.copyOf(partStart, capacity + 1);
        }
        partKind[parts] = kind;
        partStart[parts] = vertices;
    }

    private void closePart() {
        parts++;
        partStart[parts] = vertices;
    }

    private void addVertex(double x, double y) {
        if (2 * vertices + 2 > xy.length) {
            xy = Arrays.copyOf(xy, 2 * grow(vertices));
        }
        xy[2 * vertices] = x;
        xy[2 * vertices + 1] = y;
        vertices++;
    }

    private static int grow(int current) {
        return Math.max(16, current + (current >> 1));
    }

    /** Drops the spare capacity once no more rows come (a million-vertex layer keeps up to half again otherwise). */
    void trim() {
        rows = Arrays.copyOf(rows, size);
        bounds = Arrays.copyOf(bounds, size * 4);
        firstPart = Arrays.copyOf(firstPart, size + 1);
        partKind = Arrays.copyOf(partKind, parts);
        partStart = Arrays.copyOf(partStart, parts + 1);
        xy = Arrays.copyOf(xy, vertices * 2);
    }

    int size() {
        return size;
    }

    int row(int entry) {
        return rows[entry];
    }

    double minX(int entry) {
        return bounds[entry * 4];
    }

    double minY(int entry) {
        return bounds[entry * 4 + 1];
    }

    double maxX(int entry) {
        return bounds[entry * 4 + 2];
    }

    double maxY(int entry) {
        return bounds[entry * 4 + 3];
    }

    boolean intersects(int entry, double minX, double minY, double maxX, double maxY) {
        int b = entry * 4;
        return bounds[b] <= maxX && bounds[b + 2] >= minX && bounds[b + 1] <= maxY && bounds[b + 3] >= minY;
    }

    int firstPart(int entry) {
        return firstPart[entry];
    }

    int endPart(int entry) {
        return firstPart[entry + 1];
    }

    byte partKind(int part) {
        return partKind[part];
    }

    int partStart(int part) {
        return partStart[part];
    }

    int partEnd(int part) {
        return partStart[part + 1];
    }

    double x(int vertex) {
        return xy[2 * vertex];
    }

    double y(int vertex) {
        return xy[2 * vertex + 1];
    }

    /** True when every part of the entry is a polygon ring. */
    boolean polygonal(int entry) {
        for (int p = firstPart[entry]; p < firstPart[entry + 1]; p++) {
            if (partKind[p] != SHELL && partKind[p] != HOLE) {
                return false;
            }
        }
        return true;
    }

    int vertexCount() {
        return vertices;
    }

    /** Bytes held by the arrays (capacity, not only the used part). */
    long footprintBytes() {
        return 4L * rows.length
                + 8L * bounds.length
                + 4L * firstPart.length
                + partKind.length
                + 4L * partStart.length
                + 8L * xy.length;
    }
}
