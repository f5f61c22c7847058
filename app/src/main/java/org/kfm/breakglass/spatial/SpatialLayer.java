package org.kfm.breakglass.spatial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.locationtech.jts.geom.Envelope;

/**
 * The geometries of one result column, decoded from hex EWKB, grouped by SRID, with honest counts of what could not
 * be drawn. Each decoded geometry is copied into flat coordinate arrays and the JTS object dropped (ADR 0019).
 * Thread-safe: rows may be appended from a streaming thread while a plan is built from another; decoding happens
 * outside the lock.
 */
public final class SpatialLayer {
    private static final int PARALLEL_DECODE_THRESHOLD = 4_096;
    /** Thread-safe: it makes a fresh WKBReader per value. */
    private static final EwkbDecoder DECODER = new EwkbDecoder();

    private final String column;
    private final Map<Integer, SridPartition> partitions = new TreeMap<>();
    private final List<Integer> emptyRows = new ArrayList<>();
    private final List<Integer> invalidRows = new ArrayList<>();
    private final List<RowProblem> malformed = new ArrayList<>();
    private int total;
    private int nulls;

    public SpatialLayer(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    /**
     * Decodes and adds a batch of rows; may be called repeatedly while the result streams. Plain 2D points are read
     * straight from their hex into the point arrays ({@link PointEwkb}, ADR 0025); every other value goes through
     * JTS (in parallel for a large batch), is copied into the arrays and dropped.
     */
    public void append(Collection<GeometryRow> batch) {
        var reading = new PointEwkb.Reading();
        int n = batch.size();
        int[] pointRows = new int[n];
        int[] pointSrids = new int[n];
        double[] pointXy = new double[2 * n];
        int points = 0;
        List<GeometryRow> others = new ArrayList<>();
        for (GeometryRow r : batch) {
            if (PointEwkb.read(r.hex(), reading)) {
                pointRows[points] = r.rowIndex();
                pointSrids[points] = reading.srid;
                pointXy[2 * points] = reading.x;
                pointXy[2 * points + 1] = reading.y;
                points++;
            } else {
                others.add(r);
            }
        }
        var stream = others.size() >= PARALLEL_DECODE_THRESHOLD ? others.parallelStream() : others.stream();
        List<Decoded> decoded = stream.map(
                        r -> new Decoded(r.rowIndex(), r.hex() == null ? null : DECODER.decodeHex(r.hex())))
                .toList();
        synchronized (this) {
            SridPartition partition = null;
            int partitionSrid = 0;
            for (int i = 0; i < points; i++) {
                int srid = pointSrids[i];
                if (partition == null || srid != partitionSrid) {
                    partition = partitions.computeIfAbsent(srid, s -> new SridPartition());
                    partitionSrid = srid;
                }
                partition.addPoint(pointRows[i], pointXy[2 * i], pointXy[2 * i + 1]);
            }
            total += points;
            for (Decoded d : decoded) {
                add(d);
            }
        }
    }

    private void add(Decoded d) {
        if (d.geometry() == null) {
            nulls++;
            return;
        }
        total++;
        DecodedGeometry g = d.geometry();
        if (g.problem() != null || g.geometry() == null) {
            malformed.add(new RowProblem(d.row(), g.problem() == null ? "no geometry decoded" : g.problem()));
        } else if (g.empty()) {
            emptyRows.add(d.row());
        } else {
            if (!g.valid()) {
                // Invalid shapes are still drawn (they are what the operator must see) but are counted and listed.
                invalidRows.add(d.row());
            }
            if (!partitions.computeIfAbsent(g.srid(), s -> new SridPartition()).add(d.row(), g.geometry())) {
                emptyRows.add(d.row()); // a collection of empty parts
            }
        }
    }

    public synchronized LayerCounts counts() {
        var srids = partitions.entrySet().stream()
                .map(e -> new SridCount(e.getKey(), e.getValue().size()))
                .sorted(Comparator.comparingInt(SridCount::count).reversed().thenComparingInt(SridCount::srid))
                .toList();
        return new LayerCounts(
                total,
                nulls,
                total - emptyRows.size() - malformed.size(),
                sorted(emptyRows),
                sorted(invalidRows),
                malformed.stream()
                        .sorted(Comparator.comparingInt(RowProblem::rowIndex))
                        .toList(),
                srids);
    }

    /** The extent of the geometries in {@code srid}; a null envelope when there are none. */
    public synchronized Envelope extent(int srid) {
        SridPartition p = partitions.get(srid);
        return p == null ? new Envelope() : p.extent();
    }

    /** A viewport of the given pixel size showing every geometry in {@code srid}. */
    public Viewport fit(int srid, double widthPx, double heightPx, double marginPx) {
        return Viewport.fit(extent(srid), widthPx, heightPx, marginPx);
    }

    /** Releases spare array capacity once the column is complete (no more rows will come). */
    public synchronized void seal() {
        partitions.values().forEach(SridPartition::trim);
    }

    /** Bytes held by the layer's coordinate arrays, for the benchmark's memory figure. */
    public synchronized long footprintBytes() {
        return partitions.values().stream()
                .mapToLong(SridPartition::footprintBytes)
                .sum();
    }

    /**
     * Rows whose geometry in {@code srid} lies within {@code toleranceWorld} of the world point, nearest first: a
     * polygon containing the point counts as distance 0 (smaller polygons first), points and lines by distance.
     */
    public synchronized List<Integer> rowsAt(int srid, double worldX, double worldY, double toleranceWorld) {
        SridPartition p = partitions.get(srid);
        if (p == null) {
            return List.of();
        }
        var window = new Envelope(
                worldX - toleranceWorld, worldX + toleranceWorld, worldY - toleranceWorld, worldY + toleranceWorld);
        List<Hit> hits = new ArrayList<>();
        PointStore points = p.points();
        for (int entry : p.pointsIn(window)) {
            double distance = Math.hypot(points.x(entry) - worldX, points.y(entry) - worldY);
            if (distance <= toleranceWorld) {
                hits.add(new Hit(points.row(entry), distance, 0));
            }
        }
        ShapeStore shapes = p.shapes();
        for (int entry : p.shapesIntersecting(window)) {
            double distance = ShapeDistance.distance(shapes, entry, worldX, worldY);
            if (distance <= toleranceWorld) {
                hits.add(new Hit(shapes.row(entry), distance, ShapeDistance.area(shapes, entry)));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::distance)
                .thenComparingDouble(Hit::area)
                .thenComparingInt(Hit::row));
        return hits.stream().map(Hit::row).distinct().toList();
    }

    /** Work on the partition of one SRID under the layer's lock (used by the planner). */
    synchronized <T> T withPartition(int srid, java.util.function.Function<SridPartition, T> work) {
        return work.apply(partitions.get(srid));
    }

    private static List<Integer> sorted(List<Integer> rows) {
        return rows.stream().sorted().toList();
    }

    private record Decoded(int row, DecodedGeometry geometry) {}

    private record Hit(int row, double distance, double area) {}
}
