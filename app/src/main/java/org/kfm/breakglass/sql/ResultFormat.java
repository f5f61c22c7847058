package org.kfm.breakglass.sql;

/** Output formats of {@link ResultWriter}. */
public enum ResultFormat {
    /**
     * Aligned text columns for a terminal; NULL shows as {@code ∅}, geometry as EWKT, hidden characters escaped.
     * Widths come from the first rows ({@link TableResultWriter#ALIGNED_ROWS}); later rows stream.
     */
    TABLE,
    /** RFC 4180 CSV with a header; NULL is an empty field, the empty string is {@code ""}, geometry is EWKT. */
    CSV,
    /** One JSON object per row and line; NULL is JSON null, geometry is EWKT. */
    JSON_LINES,
    /** A GeoJSON FeatureCollection; the first spatial column is the geometry, the others are properties. */
    GEOJSON
}
