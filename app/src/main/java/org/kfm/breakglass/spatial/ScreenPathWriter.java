package org.kfm.breakglass.spatial;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Turns stored shapes into screen primitives with pixel-tolerance decimation: a vertex closer than the tolerance to
 * the previous kept vertex is dropped, and a shape smaller than a pixel becomes one point mark. The work per shape is
 * therefore bounded by its size on screen, not by its vertex count. A counting writer also keeps a per-pixel count of
 * its marks and tells whether they overlap enough to be drawn as density (ADR 0019).
 */
final class ScreenPathWriter {
    /** Polygons smaller than this on screen are drawn as their box. */
    private static final double TINY_PX = 3;
    /** The size of a point marker on screen: two marks in one such cell overlap. */
    private static final int MARKER_CELL_PX = 6;
    /** Fewer marks than this are always drawn as markers. */
    static final int DENSITY_MIN_MARKS = 1_000;
    /** Drawn as density when at least this share of the marks falls on a marker cell already taken. */
    static final double DENSITY_OVERLAP = 0.25;
    /** Marks up to this far outside the view still count on its edge pixels (the planner's cull slack). */
    private static final double EDGE_PX = 8;

    private final Viewport viewport;
    private final double toleranceSq;
    private final ScreenClipper clipper;
    private final List<ScreenPath> paths = new ArrayList<>();
    private final CoordinateBuffer points = new CoordinateBuffer(1024);
    /** Marks per pixel (null for a writer that does not count): a repeated pixel adds no marker, only a count. */
    private final int[] pixelCounts;

    private final BitSet markerCells;
    private final int widthCells;
    private final int heightCells;
    private final int markerColumns;
    private int vertices;
    private int marksOnScreen;
    private int overlapping;
    private int maxCount;

    ScreenPathWriter(Viewport viewport, double tolerancePx, boolean countPixels) {
        this.viewport = viewport;
        this.toleranceSq = tolerancePx * tolerancePx;
        double guard = Math.max(viewport.widthPx(), viewport.heightPx()) + 64;
        this.clipper = new ScreenClipper(-guard, -guard, viewport.widthPx() + guard, viewport.heightPx() + guard);
        this.widthCells = (int) Math.ceil(viewport.widthPx());
        this.heightCells = (int) Math.ceil(viewport.heightPx());
        this.markerColumns = widthCells / MARKER_CELL_PX + 1;
        this.pixelCounts = countPixels ? new int[widthCells * heightCells] : null;
        this.markerCells = countPixels ? new BitSet(markerColumns * (heightCells / MARKER_CELL_PX + 1)) : null;
    }

    /** Writes entry {@code entry} of the store. */
    void write(ShapeStore s, int entry) {
        double scale = viewport.scale();
        double w = (s.maxX(entry) - s.minX(entry)) * scale;
        double h = (s.maxY(entry) - s.minY(entry)) * scale;
        int row = s.row(entry);
        if (w < 1 && h < 1) {
            mark(
                    viewport.screenX((s.minX(entry) + s.maxX(entry)) / 2),
                    viewport.screenY((s.minY(entry) + s.maxY(entry)) / 2));
            return;
        }
        int end = s.endPart(entry);
        if (w < TINY_PX && h < TINY_PX && s.polygonal(entry) && end - s.firstPart(entry) == 1) {
            // A polygon a few pixels across looks like its box; drawing the box costs O(1) instead of O(vertices).
            writeBox(row, s.minX(entry), s.minY(entry), s.maxX(entry), s.maxY(entry));
            return;
        }
        int p = s.firstPart(entry);
        while (p < end) {
            switch (s.partKind(p)) {
                case ShapeStore.POINTS -> {
                    for (int v = s.partStart(p); v < s.partEnd(p); v++) {
                        writePoint(s.x(v), s.y(v));
                    }
                    p++;
                }
                case ShapeStore.LINE -> {
                    writeLine(row, s, p);
                    p++;
                }
                default -> p = writePolygon(row, s, p, end);
            }
        }
    }

    /** A point given in world coordinates. */
    void writePoint(double worldX, double worldY) {
        mark(viewport.screenX(worldX), viewport.screenY(worldY));
    }

    private void writeBox(int row, double minX, double minY, double maxX, double maxY) {
        double x0 = viewport.screenX(minX);
        double x1 = viewport.screenX(maxX);
        double y0 = viewport.screenY(minY);
        double y1 = viewport.screenY(maxY);
        vertices += 4;
        paths.add(new ScreenPath(
                row, ScreenPath.Kind.POLYGON, new double[] {x0, y0, x1, y0, x1, y1, x0, y1}, new int[] {0}));
    }

    private void mark(double x, double y) {
        if (pixelCounts != null
                && x >= -EDGE_PX
                && y >= -EDGE_PX
                && x < widthCells + EDGE_PX
                && y < heightCells + EDGE_PX
                && widthCells > 0
                && heightCells > 0) {
            // A mark just past the edge (the planner culls with a few pixels' slack) counts on the edge pixel, as
            // its marker would show there: the raster then holds every point drawn.
            int px = Math.clamp((long) Math.floor(x), 0, widthCells - 1);
            int py = Math.clamp((long) Math.floor(y), 0, heightCells - 1);
            marksOnScreen++;
            int marker = (py / MARKER_CELL_PX) * markerColumns + px / MARKER_CELL_PX;
            if (markerCells.get(marker)) {
                overlapping++;
            } else {
                markerCells.set(marker);
            }
            int count = ++pixelCounts[py * widthCells + px];
            maxCount = Math.max(maxCount, count);
            if (count > 1) {
                return;
            }
        }
        points.add(x, y);
    }

    private void writeLine(int row, ShapeStore s, int part) {
        CoordinateBuffer line = decimate(s, part, false);
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

    /** Writes the shell at {@code shell} with its holes; returns the part after them. */
    private int writePolygon(int row, ShapeStore s, int shell, int end) {
        List<CoordinateBuffer> rings = new ArrayList<>(2);
        CoordinateBuffer outer = decimate(s, shell, true);
        if (outer.points() == 1) {
            // One part of a multi-polygon smaller than a pixel: a mark, so it is not lost.
            mark(outer.x(0), outer.y(0));
        } else {
            addClipped(rings, outer);
        }
        int p = shell + 1;
        boolean drawn = !rings.isEmpty();
        for (; p < end && s.partKind(p) == ShapeStore.HOLE; p++) {
            if (drawn) {
                addRing(rings, s, p);
            }
        }
        if (drawn) {
            paths.add(toPath(row, ScreenPath.Kind.POLYGON, rings));
        }
        return p;
    }

    private void addRing(List<CoordinateBuffer> rings, ShapeStore s, int part) {
        addClipped(rings, decimate(s, part, true));
    }

    private void addClipped(List<CoordinateBuffer> rings, CoordinateBuffer ring) {
        if (!clipper.contains(ring)) {
            ring = clipper.clipRing(ring);
        }
        // A ring (a hole, mostly) smaller than the tolerance decimates to one vertex and cannot be seen.
        if (ring.points() >= 2) {
            rings.add(ring);
        }
    }

    private CoordinateBuffer decimate(ShapeStore s, int part, boolean ring) {
        int first = s.partStart(part);
        int n = s.partEnd(part) - first;
        // Start small: on screen most rings shrink to a handful of vertices, and this runs once per shape per frame.
        var out = new CoordinateBuffer(Math.min(n, 16));
        if (n == 0) {
            return out;
        }
        double lastX = viewport.screenX(s.x(first));
        double lastY = viewport.screenY(s.y(first));
        out.add(lastX, lastY);
        boolean lastKept = true;
        double x = lastX;
        double y = lastY;
        for (int i = 1; i < n; i++) {
            x = viewport.screenX(s.x(first + i));
            y = viewport.screenY(s.y(first + i));
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

    /** True when the marks overlap so much that markers would hide how many there are. */
    boolean dense() {
        return pixelCounts != null
                && marksOnScreen >= DENSITY_MIN_MARKS
                && overlapping >= DENSITY_OVERLAP * marksOnScreen;
    }

    /** The per-pixel counts of the marks on screen (only for a counting writer). */
    DensityRaster density() {
        // A copy: a carried writer goes on counting for the next plan while this one is painted (ADR 0025).
        return new DensityRaster(widthCells, heightCells, pixelCounts.clone(), maxCount, marksOnScreen);
    }
}
