package org.kfm.breakglass.spatial;

import org.locationtech.jts.geom.Geometry;

/** TEMPORARY copy of the wt/sql contract; replaced by the merge of wt/sql. */
public record DecodedGeometry(Geometry geometry, int srid, boolean empty, boolean valid, String problem) {}
