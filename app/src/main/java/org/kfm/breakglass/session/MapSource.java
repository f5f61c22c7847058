package org.kfm.breakglass.session;

/**
 * Where a result's geometry column came from, as the map's "Query this view" needs it (ADR 0025): one table's
 * column (then whether a GiST index serves {@code &&} on it), or not (then why). Read by {@link ReadMapSource}.
 *
 * @param column the result's geometry column, as labelled
 * @param table {@code schema.table} when the result came from one table, else null
 * @param tableColumn the table's column the result's column is, else null
 * @param gistIndexed whether a GiST index leads with that column (false when not from one table)
 * @param refusal why the result does not qualify, or null when it does
 */
public record MapSource(String column, String table, String tableColumn, boolean gistIndexed, String refusal) {

    static MapSource oneTable(String column, String table, String tableColumn, boolean gistIndexed) {
        return new MapSource(column, table, tableColumn, gistIndexed, null);
    }

    static MapSource notOneTable(String column, String refusal) {
        return new MapSource(column, null, null, false, refusal);
    }

    /** Whether "Query this view" may run: the column is one table's column. */
    public boolean fromOneTable() {
        return refusal == null;
    }

    /** The warning for the toolbar and the re-query's record, or empty when a GiST index serves the box. */
    public String gistWarning() {
        return fromOneTable() && !gistIndexed
                ? "no GiST index on " + table + " (" + tableColumn + "): the view's box is checked on every row"
                : "";
    }
}
