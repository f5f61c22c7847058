package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the one table a result's geometry column came from without pgjdbc's own catalog look-ups (its
 * {@code getBaseTableName} sends an unjournaled query, ADR 0025): the statement's verbose plan names every relation
 * it scans and what each output column is; the index catalog then says whether a GiST index leads with the column.
 * Both go through {@link ConsoleQuery}: audited like the operator's statements.
 */
final class MapSourceCatalog {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Plan nodes that produce rows from something other than a table: the column is not one table's. */
    private static final Set<String> NOT_A_TABLE =
            Set.of("Function Scan", "Values Scan", "Table Function Scan", "Foreign Scan", "Named Tuplestore Scan");

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]*|\"([^\"]|\"\")+\"";

    private MapSourceCatalog() {}

    static MapSource read(ConsoleQuery query, ReadMapSource ask) throws SessionFailure {
        var rows = query.rows("EXPLAIN (VERBOSE, FORMAT JSON) " + ask.sql());
        JsonNode root;
        try {
            root = JSON.readTree(String.valueOf(rows.getFirst().getFirst()))
                    .path(0)
                    .path("Plan");
        } catch (JacksonException | java.util.NoSuchElementException e) {
            return MapSource.notOneTable(ask.column(), "the statement's plan could not be read");
        }
        var scans = new ArrayList<String>();
        var aliases = new ArrayList<String>();
        var other = new LinkedHashSet<String>();
        walk(root, scans, aliases, other);
        if (!other.isEmpty()) {
            return MapSource.notOneTable(
                    ask.column(), "the result is not read from tables only (" + String.join(", ", other) + ")");
        }
        if (scans.size() != 1) {
            return MapSource.notOneTable(
                    ask.column(),
                    scans.isEmpty()
                            ? "the result is not read from a table"
                            : "the result reads " + scans.size() + " relations ("
                                    + String.join(", ", new LinkedHashSet<>(scans)) + ")");
        }
        String table = scans.getFirst();
        String output = root.path("Output").path(ask.position()).asString("");
        // EXPLAIN VERBOSE qualifies columns only when the plan's range table has more than one entry.
        String column = output.matches(IDENTIFIER) ? unquote(output) : null;
        for (String alias : aliases) {
            String prefix = alias + ".";
            if (output.startsWith(prefix) && output.substring(prefix.length()).matches(IDENTIFIER)) {
                column = unquote(output.substring(prefix.length()));
            }
        }
        if (column == null) {
            return MapSource.notOneTable(
                    ask.column(),
                    "the column " + ask.column() + " is computed (" + output + "), not a column of " + table);
        }
        String schema = table.substring(0, table.indexOf('.'));
        String relation = table.substring(table.indexOf('.') + 1);
        var gist = query.rows("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
                + " JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                + " WHERE i.indrelid = pg_catalog.to_regclass(pg_catalog.format('%I.%I', " + literal(schema) + ", "
                + literal(relation) + ")) AND a.attname = " + literal(column)
                + " AND am.amname = 'gist' AND i.indpred IS NULL AND i.indisvalid)");
        return MapSource.oneTable(
                ask.column(), table, column, Boolean.TRUE.equals(gist.getFirst().getFirst()));
    }

    private static void walk(JsonNode node, List<String> scans, List<String> aliases, Set<String> other) {
        String type = node.path("Node Type").asString("");
        if (node.has("Relation Name")) {
            scans.add(node.path("Schema").asString("") + "."
                    + node.path("Relation Name").asString(""));
            aliases.add(node.path("Alias").asString(""));
        }
        if (NOT_A_TABLE.contains(type)) {
            other.add(type);
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, scans, aliases, other);
        }
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"")
                ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
                : identifier;
    }

    /** A string literal (standard_conforming_strings is on in every supported server). */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
