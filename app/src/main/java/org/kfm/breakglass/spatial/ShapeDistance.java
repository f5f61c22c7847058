package org.kfm.breakglass.spatial;

/**
 * Distance and area of a stored shape, computed on its flat vertex arrays (the hit test keeps no JTS geometry). A
 * point inside a polygon is at distance 0; the even-odd ray crossing used here answers for self-intersecting
 * (invalid) polygons too, which a topological {@code contains} would not.
 */
final class ShapeDistance {
    private ShapeDistance() {}

    static double distance(ShapeStore s, int entry, double px, double py) {
        double best = Double.POSITIVE_INFINITY;
        boolean inside = false;
        for (int p = s.firstPart(entry); p < s.endPart(entry); p++) {
            byte kind = s.partKind(p);
            int start = s.partStart(p);
            int end = s.partEnd(p);
            if (kind == ShapeStore.POINTS) {
                for (int v = start; v < end; v++) {
                    best = Math.min(best, Math.hypot(s.x(v) - px, s.y(v) - py));
                }
                continue;
            }
            if (kind == ShapeStore.SHELL || kind == ShapeStore.HOLE) {
                // Shell and holes together, even-odd: crossing a hole's edge flips back to outside.
                inside ^= crossingsOdd(s, start, end, px, py);
            }
            best = Math.min(best, segmentsDistance(s, start, end, px, py, kind != ShapeStore.LINE));
        }
        return inside ? 0 : best;
    }

    /** Polygon area (shells minus holes); 0 for lines and points. */
    static double area(ShapeStore s, int entry) {
        double area = 0;
        for (int p = s.firstPart(entry); p < s.endPart(entry); p++) {
            byte kind = s.partKind(p);
            if (kind == ShapeStore.SHELL || kind == ShapeStore.HOLE) {
                double ring = Math.abs(shoelace(s, s.partStart(p), s.partEnd(p)));
                area += kind == ShapeStore.SHELL ? ring : -ring;
            }
        }
        return Math.max(area, 0);
    }

    private static boolean crossingsOdd(ShapeStore s, int start, int end, double px, double py) {
        boolean odd = false;
        for (int i = start, j = end - 1; i < end; j = i++) {
            double xi = s.x(i);
            double yi = s.y(i);
            double xj = s.x(j);
            double yj = s.y(j);
            if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) {
                odd = !odd;
            }
        }
        return odd;
    }

    private static double segmentsDistance(ShapeStore s, int start, int end, double px, double py, boolean ring) {
        if (end - start == 1) {
            return Math.hypot(s.x(start) - px, s.y(start) - py);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int v = start + 1; v < end; v++) {
            best = Math.min(best, segment(s.x(v - 1), s.y(v - 1), s.x(v), s.y(v), px, py));
        }
        if (ring && end - start > 2) {
            best = Math.min(best, segment(s.x(end - 1), s.y(end - 1), s.x(start), s.y(start), px, py));
        }
        return best;
    }

    private static double segment(double ax, double ay, double bx, double by, double px, double py) {
        double dx = bx - ax;
        double dy = by - ay;
        double lengthSq = dx * dx + dy * dy;
        double t = lengthSq == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSq));
        return Math.hypot(ax + t * dx - px, ay + t * dy - py);
    }

    private static double shoelace(ShapeStore s, int start, int end) {
        double sum = 0;
        for (int i = start, j = end - 1; i < end; j = i++) {
            sum += (s.x(j) - s.x(i)) * (s.y(j) + s.y(i));
        }
        return sum / 2;
    }
}
