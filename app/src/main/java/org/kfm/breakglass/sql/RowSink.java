package org.kfm.breakglass.sql;

import java.util.List;

/**
 * Receives a result as it streams: {@link #columns} once, then {@link #row} per row, on the executing thread.
 * Values: NULL is {@code null}; geometry/geography is {@link EwkbValue}; timestamps are {@code java.time}
 * values; numbers, strings, booleans and {@code byte[]} (bytea) as pgjdbc maps them; other PostgreSQL types
 * (json, interval, arrays, ranges, …) as their server text form ({@code String}).
 */
public interface RowSink {

    void columns(List<ResultColumn> columns);

    void row(List<Object> values);

    /** A sink that keeps nothing (for statements whose rows nobody looks at, e.g. in tests of counting). */
    static RowSink discarding() {
        return new RowSink() {
            @Override
            public void columns(List<ResultColumn> columns) {}

            @Override
            public void row(List<Object> values) {}
        };
    }
}
