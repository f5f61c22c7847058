package org.kfm.breakglass.sql;

import org.kfm.breakglass.spatial.DecodedGeometry;
import org.kfm.breakglass.spatial.EwkbDecoder;

/**
 * A PostGIS geometry/geography cell as the server sent it: hex EWKB. Decoding is left to the consumer
 * ({@link #decode()}), so the GUI can do it off the FX thread and a table of 200k rows does not build 200k JTS
 * geometries nobody looks at.
 *
 * @param hex the hex EWKB text from the server
 * @param pgType {@code geometry} or {@code geography}
 */
public record EwkbValue(String hex, String pgType) {

    /** Decodes the EWKB; never throws (an undecodable value carries its problem). */
    public DecodedGeometry decode() {
        return new EwkbDecoder().decodeHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
