package org.kfm.breakglass.ui.port;

/** A result column; {@code spatial} for geometry/geography (values are hex EWKB). */
public record ColumnInfo(String name, String pgType, boolean spatial) {}
