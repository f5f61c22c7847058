package org.kfm.breakglass.spatial;

import java.util.List;

/**
 * Clips screen coordinates to a guard rectangle around the canvas. Zoomed far into a huge polygon, vertices land at
 * pixel coordinates in the billions, which rasterisers handle badly (the "overflow on big polygons" of other tools).
 * Rings: Sutherland–Hodgman (the filled area inside the rectangle is exact); lines: Liang–Barsky per segment.
 */
final class ScreenClipper {
    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;

    ScreenClipper(double minX, double minY, double maxX, double maxY) {
        this.minX = minX;
        this.minY = minY;
        this.maxX = maxX;
        this.maxY = maxY;
    }

    boolean contains(CoordinateBuffer b) {
        for (int i = 0; i < b.points(); i++) {
            double x = b.x(i);
            double y = b.y(i);
            if (x < minX || x > maxX || y < minY || y > maxY) {
                return false;
            }
        }
        return true;
    }

    /** The ring clipped to the rectangle (possibly with fewer than three vertices when nothing remains). */
    CoordinateBuffer clipRing(CoordinateBuffer ring) {
        CoordinateBuffer current = ring;
        for (int edge = 0; edge < 4 && current.points() > 0; edge++) {
            current = clipRingEdge(current, edge);
        }
        return current;
    }

    private CoordinateBuffer clipRingEdge(CoordinateBuffer in, int edge) {
        var out = new CoordinateBuffer(in.points() + 4);
        int n = in.points();
        double px = in.x(n - 1);
        double py = in.y(n - 1);
        boolean pIn = inside(px, py, edge);
        for (int i = 0; i < n; i++) {
            double cx = in.x(i);
            double cy = in.y(i);
            boolean cIn = inside(cx, cy, edge);
            if (cIn != pIn) {
                double t = crossing(px, py, cx, cy, edge);
                out.add(px + t * (cx - px), py + t * (cy - py));
            }
            if (cIn) {
                out.add(cx, cy);
            }
            px = cx;
            py = cy;
            pIn = cIn;
        }
        return out;
    }

    private boolean inside(double x, double y, int edge) {
        return switch (edge) {
            case 0 -> x >= minX;
            case 1 -> x <= maxX;
            case 2 -> y >= minY;
            default -> y <= maxY;
        };
    }

    private double crossing(double x0, double y0, double x1, double y1, int edge) {
        return switch (edge) {
            case 0 -> (minX - x0) / (x1 - x0);
            case 1 -> (maxX - x0) / (x1 - x0);
            case 2 -> (minY - y0) / (y1 - y0);
            default -> (maxY - y0) / (y1 - y0);
        };
    }

    /** Adds the visible pieces of the polyline to {@code parts}, one buffer per continuous piece. */
    void clipLine(CoordinateBuffer line, List<CoordinateBuffer> parts) {
        CoordinateBuffer piece = null;
        for (int i = 1; i < line.points(); i++) {
            double x0 = line.x(i - 1);
            double y0 = line.y(i - 1);
            double dx = line.x(i) - x0;
            double dy = line.y(i) - y0;
            double[] t = {0, 1};
            if (!(clipT(-dx, x0 - minX, t)
                    && clipT(dx, maxX - x0, t)
                    && clipT(-dy, y0 - minY, t)
                    && clipT(dy, maxY - y0, t))) {
                piece = null;
                continue;
            }
            if (piece == null || t[0] > 0) {
                piece = new CoordinateBuffer(16);
                parts.add(piece);
                piece.add(x0 + t[0] * dx, y0 + t[0] * dy);
            }
            piece.add(x0 + t[1] * dx, y0 + t[1] * dy);
            if (t[1] < 1) {
                piece = null;
            }
        }
    }

    private static boolean clipT(double p, double q, double[] t) {
        if (p == 0) {
            return q >= 0;
        }
        double r = q / p;
        if (p < 0) {
            if (r > t[1]) {
                return false;
            }
            t[0] = Math.max(t[0], r);
        } else {
            if (r < t[0]) {
                return false;
            }
            t[1] = Math.min(t[1], r);
        }
        return true;
    }
}
