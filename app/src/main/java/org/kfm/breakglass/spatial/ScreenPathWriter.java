package org.kfm.breakglass.spatial;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns geometries into screen primitives with pixel-tolerance decimation: a vertex closer than the tolerance to
 * the previous kept vertex is dropped, and a shape smaller than a pixel becomes one point mark. The work per shape is
 * therefore bounded by its size on screen, not by its vertex count.
 */
final class ScreenPathWriter {
    /** Polygons smaller than this on screen are drawn as their box. */
    private static final double TINY_PX = 3;

    private final Viewport viewport;
    private final double toleranceSq;
    private final ScreenClipper clipper;
    private final List<ScreenPath> paths = new ArrayList<>();
    private final CoordinateBuffer points = new CoordinateBuffer(1024);
    /** One bit per pixel: a point mark on an already-marked pixel adds nothing to the picture. */
    private final BitSet markedPixels;

    private final int widthCells;
    private final int heightCells;
    private final boolean dedupePoints;
    private int vertices;

    ScreenPathWriter(Viewport viewport, double tolerancePx, boolean dedupePoints) {
        this.viewport = viewport;
        this.toleranceSq = tolerancePx * tolerancePx;
        double guard = Math.max(viewport.widthPx(), viewport.heightPx()) + 64;
        this.clipper = new ScreenClipper(-guard, -guard, viewport.widthPx() + guard, viewport.heightPx() + guard);
        this.dedupePoints = dedupePoints;
        this.widthCells = (int) Math.ceil(viewport.widthPx());
        this.heightCells = (int) Math.ceil(viewport.heightPx());
        this.markedPixels = dedupePoints ? new BitSet(widthCells * heightCells) : null;
    }

    void write(int row, Geometry g) {
        Envelope e = g.getEnvelopeInternal();
        double scale = viewport.scale();
        if (!(g instanceof Point) && e.getWidth() * scale < 1 && e.getHeight() * scale < 1) {
            mark(viewport.screenX(e.centre().x), viewport.screenY(e.centre().y));
            return;
        }
        if (g instanceof Polygon && e.getWidth() * scale < TINY_PX && e.getHeight() * scale < TINY_PX) {
            // A polygon a few pixels across looks like its box; drawing the box costs O(1) instead of O(vertices).
            writeBox(row, e);
            return;
        }
        switch (g) {
            case Point p -> mark(viewport.screenX(p.getX()), viewport.screenY(p.getY()));
            case LineString line -> writeLine(row, line.getCoordinateSequence());
            case Polygon polygon -> writePolygon(row, polygon);
            default -> {
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    Geometry part = g.getGeometryN(i);
                    if (part != g && !part.isEmpty()) {
                        write(row, part);
                    }
                }
            }
        }
    }

    /** A point given in world coordinates. */
    void writePoint(double worldX, double worldY) {
        mark(viewport.screenX(worldX), viewport.screenY(worldY));
    }

    private void writeBox(int row, Envelope e) {
        double x0 = viewport.screenX(e.getMinX());
        double x1 = viewport.screenX(e.getMaxX());
        double y0 = viewport.screenY(e.getMinY());
        double y1 = viewport.screenY(e.getMaxY());
        vertices += 4;
        paths.add(new ScreenPath(
                row, ScreenPath.Kind.POLYGON, new double[] {x0, y0, x1, y0, x1, y1, x0, y1}, new int[] {0}));
    }

    private void mark(double x, double y) {
        if (dedupePoints && x >= 0 && y >= 0 && x < widthCells && y < heightCells) {
            int cell = (int) y * widthCells + (int) x;
            if (markedPixels.get(cell)) {
                return;
            }
            markedPixels.set(cell);
        }
        points.add(x, y);
    }

    private void writeLine(int row, CoordinateSequence seq) {
        CoordinateBuffer line = decimate(seq, false);
        List<CoordinateBuffer> parts = new ArrayList<>(1);
        if (clipper.contains(line)) {
            parts.add(line);
        } else {
            clipper.clipLine(line, parts);
        }
        if (!parts.isEmpty()) {
            paths.add(toPath(row, ScreenPath.Kind.LINE, parts));
        }
    }

    private void writePolygon(int row, Polygon polygon) {
        List<CoordinateBuffer> rings = new ArrayList<>(1 + polygon.getNumInteriorRing());
        addRing(rings, polygon.getExteriorRing().getCoordinateSequence());
        if (rings.isEmpty()) {
            return;
        }
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            LineString hole = polygon.getInteriorRingN(i);
            Envelope he = hole.getEnvelopeInternal();
            // A hole smaller than a pixel cannot be seen; skipping it keeps tiny holes from costing vertices.
            if (he.getWidth() * viewport.scale() >= 1 || he.getHeight() * viewport.scale() >= 1) {
                addRing(rings, hole.getCoordinateSequence());
            }
        }
        paths.add(toPath(row, ScreenPath.Kind.POLYGON, rings));
    }

    private void addRing(List<CoordinateBuffer> rings, CoordinateSequence seq) {
        CoordinateBuffer ring = decimate(seq, true);
        if (!clipper.contains(ring)) {
            ring = clipper.clipRing(ring);
        }
        if (ring.points() >= 2) {
            rings.add(ring);
        }
    }

    private CoordinateBuffer decimate(CoordinateSequence seq, boolean ring) {
        int n = seq.size();
        // Start small: on screen most rings shrink to a handful of vertices, and this runs once per shape per frame.
        var out = new CoordinateBuffer(Math.min(n, 16));
        if (n == 0) {
            return out;
        }
        double lastX = viewport.screenX(seq.getX(0));
        double lastY = viewport.screenY(seq.getY(0));
        out.add(lastX, lastY);
        boolean lastKept = true;
        double x = lastX;
        double y = lastY;
        for (int i = 1; i < n; i++) {
            x = viewport.screenX(seq.getX(i));
            y = viewport.screenY(seq.getY(i));
            double dx = x - lastX;
            double dy = y - lastY;
            if (dx * dx + dy * dy >= toleranceSq) {
                out.add(x, y);
                lastX = x;
                lastY = y;
                lastKept = true;
            } else {
                lastKept = false;
            }
        }
        // The end of a line (and the closing vertex of a ring) is always kept, so ends and extents stay exact.
        if (!lastKept && n > 1 && !ring) {
            out.add(x, y);
        }
        return out;
    }

    private ScreenPath toPath(int row, ScreenPath.Kind kind, List<CoordinateBuffer> parts) {
        int[] starts = new int[parts.size()];
        var all = new CoordinateBuffer(
                parts.stream().mapToInt(CoordinateBuffer::points).sum());
        for (int i = 0; i < parts.size(); i++) {
            starts[i] = all.points();
            all.addAll(parts.get(i));
        }
        vertices += all.points();
        return new ScreenPath(row, kind, all.toArray(), starts);
    }

    List<ScreenPath> paths() {
        return paths;
    }

    double[] points() {
        return points.toArray();
    }

    int marks() {
        return paths.size() + points.points();
    }

    int vertices() {
        return vertices + points.points();
    }
}
