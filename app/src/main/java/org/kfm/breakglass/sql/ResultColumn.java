package org.kfm.breakglass.sql;

/**
 * One column of a result.
 *
 * @param name column label
 * @param pgType the server's type name ({@code int4}, {@code text}, {@code geometry}, …)
 * @param spatial true for PostGIS {@code geometry}/{@code geography}: values arrive as {@link EwkbValue}
 */
public record ResultColumn(String name, String pgType, boolean spatial) {}
