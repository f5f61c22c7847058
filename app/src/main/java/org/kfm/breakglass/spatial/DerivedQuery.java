package org.kfm.breakglass.spatial;

import java.math.BigDecimal;

/**
 * The statements the map derives from a result's statement, wrapping it as a subquery so they mean the same thing
 * whatever it was: "Query this view" keeps the rows whose geometry meets the view's box
 * ({@code &&}, which a GiST index on the column serves) up to a limit; "Reproject" adds the column in EPSG:4326. They
 * run through the same audited path as the editor, so their {@code query.begin} names the box (ADR 0019).
 */
public final class DerivedQuery {
    private DerivedQuery() {}

    /**
     * {@code SELECT * FROM (<sql>) AS q WHERE q."<column>" && ST_MakeEnvelope(xmin, ymin, xmax, ymax, srid) LIMIT n}.
     */
    public static String inView(String sql, String column, int srid, Viewport view, long limit) {
        if (!(view.widthPx() > 0) || !(view.heightPx() > 0)) {
            throw new IllegalArgumentException("the view has no area to query: " + view);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("the row limit must be positive, got " + limit);
        }
        return "SELECT * FROM (\n" + body(sql) + "\n) AS q\nWHERE q." + identifier(column) + " && ST_MakeEnvelope("
                + number(view.worldMinX()) + ", " + number(view.worldMinY()) + ", " + number(view.worldMaxX()) + ", "
                + number(view.worldMaxY()) + ", " + srid + ")\nLIMIT " + limit;
    }

    /** {@code SELECT q.*, ST_Transform(q."<column>", 4326) AS "<column>_4326" FROM (<sql>) AS q}. */
    public static String reprojected(String sql, String column) {
        return "SELECT q.*, ST_Transform(q." + identifier(column) + ", 4326) AS " + identifier(column + "_4326")
                + " FROM (\n" + body(sql) + "\n) AS q";
    }

    /** The statement without trailing semicolons; the newline after it ends a trailing {@code --} comment. */
    private static String body(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("there is no statement to derive a query from");
        }
        return s;
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
