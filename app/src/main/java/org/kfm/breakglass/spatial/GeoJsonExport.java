package org.kfm.breakglass.spatial;

import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * Renders a decoded geometry as a GeoJSON geometry object (text), for the sql package's FeatureCollection
 * export. Coordinates are written as stored: RFC 7946 expects WGS 84, so for any other SRID the writer adds the
 * (pre-RFC) {@code crs} member naming {@code EPSG:<srid>} rather than silently mislabelling projected data.
 */
public final class GeoJsonExport {

    private GeoJsonExport() {}

    /** The GeoJSON geometry object for {@code value}, or {@code null} when the value is undecodable. */
    public static String geometryJson(DecodedGeometry value) {
        if (value == null || value.geometry() == null) {
            return null;
        }
        var writer = new GeoJsonWriter();
        // EPSG:4326 is the GeoJSON default; naming it would only add noise.
        writer.setEncodeCRS(value.srid() != 0 && value.srid() != 4326);
        return writer.write(value.geometry());
    }
}
