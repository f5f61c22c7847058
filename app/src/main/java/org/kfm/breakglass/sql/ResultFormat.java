package org.kfm.breakglass.sql;

/** Output formats of {@link ResultWriter}. */
public enum ResultFormat {
    /** Aligned text columns for a terminal; NULL shows as {@code ∅}. Buffers the rows (bound them with maxRows). */
    TABLE,
    /** RFC 4180 CSV with a header; NULL is an empty field, the empty string is {@code ""}. */
    CSV,
    /** One JSON object per row and line; NULL is JSON null. */
    JSON_LINES,
    /** A GeoJSON FeatureCollection; the first spatial column is the geometry, the others are properties. */
    GEOJSON
}
