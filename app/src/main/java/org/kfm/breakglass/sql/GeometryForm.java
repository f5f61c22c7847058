package org.kfm.breakglass.sql;

import java.util.Locale;

/**
 * How a geometry or geography value is written as a text cell (ADR 0026). {@link #EWKB} is the server's own text
 * form, hex EWKB, exactly what {@code psql --csv} prints: lossless and copied through without decoding, so it is
 * the default for the machine formats (CSV, JSON lines). The others are readable forms made by JTS from the same
 * bytes, on request; {@link #EWKT} stays the table's form.
 */
public enum GeometryForm {
    /** Hex EWKB as the server sent it ({@code 0101000020E6100000…}); byte-identical to psql. */
    EWKB,
    /** {@code SRID=4326;POINT (7 47)}, written by JTS's {@code WKTWriter}. */
    EWKT,
    /** {@code POINT (7 47)}: EWKT without the SRID. */
    WKT,
    /** A GeoJSON geometry object's text, written by JTS's {@code GeoJsonWriter} (the CRS named unless 4326). */
    GEOJSON;

    /** The form a format uses when none is asked for: readable in the table, the server's bytes elsewhere. */
    public static GeometryForm defaultFor(ResultFormat format) {
        return switch (format) {
            case TABLE, GEOJSON -> EWKT;
            case CSV, JSON_LINES -> EWKB;
        };
    }

    /** The form named by {@code --geometry} ({@code ewkb}, {@code ewkt}, {@code wkt}, {@code geojson}), or empty. */
    public static java.util.Optional<GeometryForm> named(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        for (var form : values()) {
            if (form.name().equals(name.toUpperCase(Locale.ROOT))) {
                return java.util.Optional.of(form);
            }
        }
        return java.util.Optional.empty();
    }
}
