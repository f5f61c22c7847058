package org.kfm.breakglass.spatial;

import java.util.HexFormat;
import org.locationtech.jts.geom.Geometry;
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
        try {
            return DecodedGeometry.of(read(hex, new WKBReader(factory)));
        } catch (Undecodable e) {
            return DecodedGeometry.failure(e.getMessage());
        }
    }

    /** Decodes binary EWKB. */
    public DecodedGeometry decode(byte[] ewkb) {
        try {
            // A fresh reader per call: WKBReader keeps parse state and is not thread-safe.
            return DecodedGeometry.of(read(ewkb, new WKBReader(factory)));
        } catch (Undecodable e) {
            return DecodedGeometry.failure(e.getMessage());
        }
    }

    /** Hex EWKB to a geometry with {@code reader} (used by one thread), or what was wrong with the text. */
    static Geometry read(String hex, WKBReader reader) throws Undecodable {
        if (hex == null) {
            throw new Undecodable("no value (NULL)");
        }
        var text = hex.startsWith("\\x") ? hex.substring(2) : hex;
        if (text.isEmpty()) {
            throw new Undecodable("empty input: no EWKB bytes");
        }
        if (text.length() % 2 != 0) {
            throw new Undecodable("hex EWKB has an odd number of digits (" + text.length() + ")");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new Undecodable("not hex EWKB: " + e.getMessage());
        }
        return read(bytes, reader);
    }

    /** Binary EWKB to a geometry with {@code reader} (used by one thread), or what was wrong with the bytes. */
    static Geometry read(byte[] ewkb, WKBReader reader) throws Undecodable {
        if (ewkb == null || ewkb.length == 0) {
            throw new Undecodable("empty input: no EWKB bytes");
        }
        if (ewkb[0] != 0 && ewkb[0] != 1) {
            throw new Undecodable("first byte must be the byte order 0 or 1, was " + (ewkb[0] & 0xff));
        }
        try {
            return reader.read(ewkb);
        } catch (ParseException e) {
            throw new Undecodable("malformed EWKB: " + e.getMessage());
        } catch (RuntimeException e) {
            // Truncated or lying length fields surface as index/array errors inside JTS.
            throw new Undecodable("malformed EWKB (" + e.getClass().getSimpleName() + "): " + e.getMessage());
        }
    }

    /** Bytes that are not EWKB; the message is the problem as cells and exports show it. */
    static final class Undecodable extends Exception {
        Undecodable(String problem) {
            super(problem, null, false, false);
        }
    }
}
