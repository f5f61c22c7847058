package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema browser's tree from the catalog: relations, geometry columns, GiST indexes and the PostGIS version
 * ({@link PostgisCheck#VERSION}, the one query that asks for it). The queries run through {@link ReadSchema}, so
 * each is journaled like the operator's own statements.
 */
final class SchemaCatalog {
    private static final String RELATIONS = """
            SELECT n.nspname, c.relname, c.relkind::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            ORDER BY 1, 2""";
    private static final String GEOMETRY_COLUMNS = """
            SELECT f_table_schema, f_table_name, f_geometry_column, type, srid
            FROM geometry_columns ORDER BY 1, 2, 3""";
    private static final String GIST_INDEXES = """
            SELECT schemaname, tablename, indexname FROM pg_indexes
            WHERE indexdef ILIKE '%USING gist%' ORDER BY 1, 2, 3""";
    private static final String NOT_ENABLED = "not enabled";

    private SchemaCatalog() {}

    static SchemaSnapshot read(ConsoleQuery query) throws SessionFailure {
        String postgis = PostgisCheck.version(query).orElse(NOT_ENABLED);
        var relations = new LinkedHashMap<String, Map<String, List<Object>>>();
        for (var row : query.rows(RELATIONS)) {
            relations
                    .computeIfAbsent((String) row.get(0), k -> new LinkedHashMap<>())
                    .put((String) row.get(1), row);
        }
        var geometry = new LinkedHashMap<String, List<SchemaSnapshot.GeometryColumn>>();
        if (!postgis.equals(NOT_ENABLED)) {
            for (var row : query.rows(GEOMETRY_COLUMNS)) {
                geometry.computeIfAbsent(row.get(0) + "." + row.get(1), k -> new ArrayList<>())
                        .add(new SchemaSnapshot.GeometryColumn(
                                (String) row.get(2), (String) row.get(3), ((Number) row.get(4)).intValue()));
            }
        }
        var indexes = new LinkedHashMap<String, List<String>>();
        for (var row : query.rows(GIST_INDEXES)) {
            indexes.computeIfAbsent(row.get(0) + "." + row.get(1), k -> new ArrayList<>())
                    .add((String) row.get(2));
        }
        var schemas = new ArrayList<SchemaSnapshot.Schema>();
        relations.forEach((schema, byName) -> schemas.add(new SchemaSnapshot.Schema(
                schema,
                byName.values().stream()
                        .map(row -> {
                            String key = schema + "." + row.get(1);
                            return new SchemaSnapshot.Relation(
                                    (String) row.get(1),
                                    kind((String) row.get(2)),
                                    geometry.getOrDefault(key, List.of()),
                                    indexes.getOrDefault(key, List.of()));
                        })
                        .toList())));
        return new SchemaSnapshot(postgis, schemas);
    }

    private static SchemaSnapshot.RelationKind kind(String relkind) {
        return switch (relkind) {
            case "v" -> SchemaSnapshot.RelationKind.VIEW;
            case "m" -> SchemaSnapshot.RelationKind.MATERIALIZED_VIEW;
            default -> SchemaSnapshot.RelationKind.TABLE;
        };
    }
}
