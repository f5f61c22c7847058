package org.kfm.breakglass.spatial;

import java.util.Arrays;

/** A growable x,y buffer, so paths are built without boxing a million coordinates. */
final class CoordinateBuffer {
    private double[] xy;
    private int length;

    CoordinateBuffer(int initialPoints) {
        xy = new double[Math.max(initialPoints, 4) * 2];
    }

    void add(double x, double y) {
        if (length + 2 > xy.length) {
            xy = Arrays.copyOf(xy, xy.length * 2);
        }
        xy[length++] = x;
        xy[length++] = y;
    }

    void addAll(CoordinateBuffer other) {
        for (int i = 0; i < other.length; i += 2) {
            add(other.xy[i], other.xy[i + 1]);
        }
    }

    int points() {
        return length / 2;
    }

    double x(int point) {
        return xy[point * 2];
    }

    double y(int point) {
        return xy[point * 2 + 1];
    }

    double lastX() {
        return xy[length - 2];
    }

    double lastY() {
        return xy[length - 1];
    }

    void clear() {
        length = 0;
    }

    double[] toArray() {
        return Arrays.copyOf(xy, length);
    }
}
