package org.kfm.breakglass.session;

/**
 * The map asks where a result's geometry column came from ({@link MapSourceCatalog}): the plan of the statement
 * (EXPLAIN, which runs nothing) and the index catalog, both sent as the operator's own read-only statements with
 * their {@code query.begin}, so reconciliation finds every statement the console sent (ADR 0025).
 *
 * @param sql the result's statement
 * @param column the geometry column's label
 * @param position its 0-based position among the result's columns
 */
public record ReadMapSource(String sql, String column, int position) implements PrivilegedAction<MapSource> {
    @Override
    public String verb() {
        return "read where the map's column came from";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }
}
