package org.kfm.breakglass.spatial;

import java.util.Arrays;

/**
 * The single points of one SRID: a row index and x,y per point in flat arrays, 20 bytes a point (ADR 0019). Culling
 * and hit tests scan {@code xy} linearly, which is a few milliseconds per million points and needs no index.
 */
final class PointStore {
    private int size;
    private int[] rows = new int[64];
    private double[] xy = new double[128];

    void add(int row, double x, double y) {
        if (size == rows.length) {
            int capacity = size + (size >> 1);
            rows = Arrays.copyOf(rows, capacity);
            xy = Arrays.copyOf(xy, capacity * 2);
        }
        rows[size] = row;
        xy[2 * size] = x;
        xy[2 * size + 1] = y;
        size++;
    }

    /** Drops the spare capacity once no more rows come. */
    void trim() {
        rows = Arrays.copyOf(rows, size);
        xy = Arrays.copyOf(xy, size * 2);
    }

    int size() {
        return size;
    }

    int row(int entry) {
        return rows[entry];
    }

    double x(int entry) {
        return xy[2 * entry];
    }

    double y(int entry) {
        return xy[2 * entry + 1];
    }

    /** Bytes held by the arrays (capacity, not only the used part). */
    long footprintBytes() {
        return 4L * rows.length + 8L * xy.length;
    }
}
