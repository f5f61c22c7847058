package org.kfm.breakglass.spatial;

/**
 * One cell of a geometry/geography column as the database sends it: the result row it belongs to and
 * its hex EWKB text ({@code null} for SQL NULL).
 */
public record GeometryRow(int rowIndex, String hex) {}
