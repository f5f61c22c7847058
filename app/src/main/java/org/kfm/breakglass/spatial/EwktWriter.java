package org.kfm.breakglass.spatial;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTWriter;

/**
 * Hex EWKB to the EWKT text of {@link DecodedGeometry#ewkt()}, for result writers that turn every row of a large
 * result into text. It keeps one JTS reader and writer instead of making them per value, skips the validity check
 * a decoded geometry carries (text does not need it), and gives its writer the floating precision model up front,
 * so JTS builds its number format once, not once per geometry. The text is the same. One instance per thread.
 */
public final class EwktWriter {

    private final WKBReader reader = new WKBReader(new GeometryFactory());
    private final WKTWriter writer = wktWriter();

    /** The EWKT of hex EWKB, or {@code <undecodable geometry: problem>}; null for null. */
    public String ewkt(String hex) {
        if (hex == null) {
            return null;
        }
        try {
            var geometry = EwkbDecoder.read(hex, reader);
            return text(geometry, geometry.getSRID(), writer);
        } catch (EwkbDecoder.Undecodable e) {
            return undecodable(e.getMessage());
        }
    }

    /** The WKT of hex EWKB (the EWKT without its {@code SRID=…;}), or {@code <undecodable geometry: problem>}. */
    public String wkt(String hex) {
        if (hex == null) {
            return null;
        }
        try {
            return writer.write(EwkbDecoder.read(hex, reader));
        } catch (EwkbDecoder.Undecodable e) {
            return undecodable(e.getMessage());
        }
    }

    /** A writer of up to three ordinates with the default geometry factory's precision (16 significant digits). */
    static WKTWriter wktWriter() {
        var wkt = new WKTWriter(3);
        wkt.setPrecisionModel(new PrecisionModel());
        return wkt;
    }

    static String text(Geometry geometry, int srid, WKTWriter wkt) {
        var text = wkt.write(geometry);
        return srid == 0 ? text : "SRID=" + srid + ";" + text;
    }

    static String undecodable(String problem) {
        return "<undecodable geometry: " + problem + ">";
    }
}
