package org.kfm.breakglass.spatial;

import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.operation.valid.IsValidOp;

/** TEMPORARY copy of the wt/sql contract; replaced by the merge of wt/sql. */
public final class EwkbDecoder {
    private EwkbDecoder() {}

    public static DecodedGeometry decodeHex(String hex) {
        if (hex == null || hex.isBlank() || (hex.length() & 1) == 1 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new DecodedGeometry(null, 0, false, false, "not hex EWKB: " + (hex == null ? "null" : hex.length() + " chars"));
        }
        return decode(WKBReader.hexToBytes(hex));
    }

    public static DecodedGeometry decode(byte[] ewkb) {
        try {
            var g = new WKBReader(new GeometryFactory()).read(ewkb);
            return new DecodedGeometry(g, g.getSRID(), g.isEmpty(), g.isEmpty() || new IsValidOp(g).isValid(), null);
        } catch (ParseException | RuntimeException e) {
            return new DecodedGeometry(null, 0, false, false, "malformed EWKB: " + e.getMessage());
        }
    }
}
