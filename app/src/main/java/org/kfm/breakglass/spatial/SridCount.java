package org.kfm.breakglass.spatial;

/** How many drawable geometries of a layer carry one SRID (0 = none given). */
public record SridCount(int srid, int count) {}
