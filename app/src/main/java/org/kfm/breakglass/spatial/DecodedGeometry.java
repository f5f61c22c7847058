package org.kfm.breakglass.spatial;

import org.locationtech.jts.geom.Geometry;

/**
 * A geometry value read from PostGIS: either a decoded JTS geometry or, when the bytes could not be read, a
 * problem description (then {@code geometry} is null). Decoding never throws, so one bad value cannot break a
 * result page.
 *
 * @param geometry the decoded geometry, or null when {@code problem} is set
 * @param srid the SRID carried by the EWKB (0 when none)
 * @param empty true for an empty geometry (e.g. {@code POINT EMPTY})
 * @param valid the OGC validity of the geometry ({@link Geometry#isValid()}); false when undecodable
 * @param problem null when decoded; otherwise what was wrong with the input
 */
public record DecodedGeometry(Geometry geometry, int srid, boolean empty, boolean valid, String problem) {

    /** True when the bytes were decoded into a geometry (it may still be invalid or empty). */
    public boolean decoded() {
        return problem == null;
    }

    /** The geometry type name (e.g. {@code Point}), or {@code null} when undecodable. */
    public String geometryType() {
        return geometry == null ? null : geometry.getGeometryType();
    }

    /**
     * The value as EWKT ({@code SRID=4326;POINT (1 2)}), the form shown in tables and exports; an undecodable
     * value reads {@code <undecodable geometry: problem>} so it is visible rather than silently blank.
     */
    public String ewkt() {
        return geometry == null
                ? EwktWriter.undecodable(problem)
                : EwktWriter.text(geometry, srid, EwktWriter.wktWriter());
    }

    static DecodedGeometry of(Geometry geometry) {
        boolean valid;
        try {
            valid = geometry.isValid();
        } catch (RuntimeException e) {
            // JTS may throw on degenerate input instead of answering false; that is an invalid geometry.
            valid = false;
        }
        return new DecodedGeometry(geometry, geometry.getSRID(), geometry.isEmpty(), valid, null);
    }

    static DecodedGeometry failure(String problem) {
        return new DecodedGeometry(null, 0, false, false, problem);
    }
}
