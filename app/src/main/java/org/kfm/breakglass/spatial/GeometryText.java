package org.kfm.breakglass.spatial;

/**
 * How a geometry value reads in a result cell: EWKT as {@code ST_AsEWKT} would print it for small geometries,
 * and type, SRID and vertex count for large ones (a 100k-vertex polygon's text helps nobody in a table cell and
 * costs time on every repaint). The detail pane still shows the whole value.
 */
public final class GeometryText {
    /** Up to this many vertices the cell shows the full EWKT. */
    static final int FULL_TEXT_VERTICES = 64;

    private static final EwkbDecoder DECODER = new EwkbDecoder();

    private GeometryText() {}

    /** The cell text for a hex EWKB value. Never throws: an undecodable value says so. */
    public static String cell(String hexEwkb) {
        DecodedGeometry value = DECODER.decodeHex(hexEwkb);
        if (!value.decoded() || value.geometry().getNumPoints() <= FULL_TEXT_VERTICES) {
            return value.ewkt();
        }
        var geometry = value.geometry();
        return (value.srid() == 0 ? "" : "SRID=" + value.srid() + ";")
                + geometry.getGeometryType().toUpperCase(java.util.Locale.ROOT) + " (" + geometry.getNumPoints()
                + " vertices"
                + (geometry.getNumGeometries() > 1 ? ", " + geometry.getNumGeometries() + " parts" : "") + ")";
    }

    /** The full EWKT, for the detail pane. */
    public static String full(String hexEwkb) {
        return DECODER.decodeHex(hexEwkb).ewkt();
    }
}
