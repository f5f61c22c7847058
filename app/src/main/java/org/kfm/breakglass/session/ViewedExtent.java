package org.kfm.breakglass.session;

import java.util.Locale;

/**
 * What the operator looked at on the map of one result: the union of every extent the map drew for it, in the
 * result's own SRID (ADR 0025). It is data-exposure evidence, journaled as {@code map.view}.
 *
 * @param sql the statement whose result was shown, as it was run
 * @param column the geometry column drawn
 * @param srid the SRID of the drawn geometries (0 when they carry none)
 * @param views how many distinct extents the map drew (the first fit counts as one)
 */
public record ViewedExtent(
        String sql, String column, int srid, double minX, double minY, double maxX, double maxY, int views) {

    public ViewedExtent {
        if (sql == null || column == null) {
            throw new IllegalArgumentException("a viewed extent names its statement and column");
        }
        if (!(minX <= maxX && minY <= maxY)) {
            throw new IllegalArgumentException(
                    "a viewed extent needs min ≤ max, got " + minX + " " + minY + ", " + maxX + " " + maxY);
        }
    }

    /** The envelope as PostGIS writes a box, with its SRID: {@code SRID=4326;BOX(5 45,15 55)}. */
    public String box() {
        return String.format(Locale.ROOT, "SRID=%d;BOX(%s %s,%s %s)", srid, num(minX), num(minY), num(maxX), num(maxY));
    }

    private static String num(double v) {
        // Shortest text that reads back to the same double, as PostGIS's own output does.
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
