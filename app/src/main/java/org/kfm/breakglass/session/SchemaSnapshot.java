package org.kfm.breakglass.session;

import java.util.List;

/** The catalogue as the schema browser shows it. */
public record SchemaSnapshot(String postgisVersion, List<Schema> schemas) {

    public record Schema(String name, List<Relation> relations) {}

    /** @param kind TABLE, VIEW or MATERIALIZED_VIEW */
    public record Relation(
            String name, RelationKind kind, List<GeometryColumn> geometryColumns, List<String> gistIndexes) {}

    /** @param type e.g. {@code MultiPolygon}; {@code srid} 0 when unconstrained */
    public record GeometryColumn(String name, String type, int srid) {}

    public enum RelationKind {
        TABLE,
        VIEW,
        MATERIALIZED_VIEW
    }
}
