package org.kfm.breakglass.session;

import java.util.List;

/**
 * Receives a statement's result as it streams: the columns once, then rows as they arrive. Values are Strings,
 * Numbers, Booleans or null; geometry and geography values are hex EWKB Strings (decoded by {@code spatial}).
 */
public interface ResultReceiver {
    void columns(List<ColumnInfo> columns);

    void row(List<Object> values);

    /** A result column: its name, PostgreSQL type, and whether it holds geometries. */
    record ColumnInfo(String name, String pgType, boolean spatial) {}
}
