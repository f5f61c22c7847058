package org.kfm.breakglass.desktop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.ResultReceiver;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.ui.port.PortException;
import org.kfm.breakglass.ui.port.SchemaSnapshot;

/**
 * Reads the schema browser's tree with three catalog queries. They run through the session like any statement
 * (read-only, journaled), so the audit trail shows what the console itself looked at.
 */
final class SchemaReader {
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
    private static final String POSTGIS = """
            SELECT coalesce((SELECT extversion FROM pg_extension WHERE extname = 'postgis'), 'not enabled')""";

    private final BreakGlassSession session;

    SchemaReader(BreakGlassSession session) {
        this.session = session;
    }

    SchemaSnapshot read() throws PortException {
        try {
            String postgis = String.valueOf(rows(POSTGIS).get(0).get(0));
            var relations = new LinkedHashMap<String, Map<String, List<Object>>>();
            for (var row : rows(RELATIONS)) {
                relations
                        .computeIfAbsent((String) row.get(0), k -> new LinkedHashMap<>())
                        .put((String) row.get(1), row);
            }
            var geometry = new LinkedHashMap<String, List<SchemaSnapshot.GeometryColumn>>();
            if (!postgis.equals("not enabled")) {
                for (var row : rows(GEOMETRY_COLUMNS)) {
                    geometry.computeIfAbsent(row.get(0) + "." + row.get(1), k -> new ArrayList<>())
                            .add(new SchemaSnapshot.GeometryColumn(
                                    (String) row.get(2), (String) row.get(3), ((Number) row.get(4)).intValue()));
                }
            }
            var indexes = new LinkedHashMap<String, List<String>>();
            for (var row : rows(GIST_INDEXES)) {
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
        } catch (SessionFailure e) {
            throw new PortException("reading the schema failed: " + e.getMessage(), e);
        }
    }

    private List<List<Object>> rows(String sql) throws SessionFailure {
        var collected = new ArrayList<List<Object>>();
        session.run(sql, RunOptions.defaults(), new ResultReceiver() {
            @Override
            public void columns(List<ColumnInfo> columns) {}

            @Override
            public void row(List<Object> values) {
                collected.add(values);
            }
        });
        return collected;
    }

    private static SchemaSnapshot.RelationKind kind(String relkind) {
        return switch (relkind) {
            case "v" -> SchemaSnapshot.RelationKind.VIEW;
            case "m" -> SchemaSnapshot.RelationKind.MATERIALIZED_VIEW;
            default -> SchemaSnapshot.RelationKind.TABLE;
        };
    }
}
