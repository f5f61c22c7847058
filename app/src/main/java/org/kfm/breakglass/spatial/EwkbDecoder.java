package org.kfm.breakglass.spatial;

import java.util.HexFormat;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Decodes PostGIS (E)WKB — the hex text pgjdbc hands out for {@code geometry}/{@code geography} columns, or raw
 * bytes from {@code ST_AsEWKB} — into JTS geometries with their SRID.
 *
 * <p>JTS's {@link WKBReader} reads the EWKB SRID and Z/M flags itself. Malformed input never throws: it comes
 * back as a {@link DecodedGeometry} whose {@code problem} says what was wrong, so the caller can show it in the
 * cell instead of failing the whole result.
 */
public final class EwkbDecoder {

    private final GeometryFactory factory = new GeometryFactory();

    /** Decodes hex EWKB (upper or lower case, optional {@code \x} prefix as bytea text output has). */
    public DecodedGeometry decodeHex(String hex) {
        if (hex == null) {
            return DecodedGeometry.failure("no value (NULL)");
        }
        var text = hex.startsWith("\\x") ? hex.substring(2) : hex;
        if (text.isEmpty()) {
            return DecodedGeometry.failure("empty input: no EWKB bytes");
        }
        if (text.length() % 2 != 0) {
            return DecodedGeometry.failure("hex EWKB has an odd number of digits (" + text.length() + ")");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return DecodedGeometry.failure("not hex EWKB: " + e.getMessage());
        }
        return decode(bytes);
    }

    /** Decodes binary EWKB. */
    public DecodedGeometry decode(byte[] ewkb) {
        if (ewkb == null || ewkb.length == 0) {
            return DecodedGeometry.failure("empty input: no EWKB bytes");
        }
        if (ewkb[0] != 0 && ewkb[0] != 1) {
            return DecodedGeometry.failure("first byte must be the byte order 0 or 1, was " + (ewkb[0] & 0xff));
        }
        try {
            // A fresh reader per call: WKBReader keeps parse state and is not thread-safe.
            var geometry = new WKBReader(factory).read(ewkb);
            return DecodedGeometry.of(geometry);
        } catch (ParseException e) {
            return DecodedGeometry.failure("malformed EWKB: " + e.getMessage());
        } catch (RuntimeException e) {
            // Truncated or lying length fields surface as index/array errors inside JTS.
            return DecodedGeometry.failure("malformed EWKB (" + e.getClass().getSimpleName() + "): " + e.getMessage());
        }
    }
}
