package org.kfm.breakglass.sql;

import java.util.ArrayList;
import java.util.List;

/** Keeps every column and row it is given. */
final class CollectingSink implements RowSink {
    final List<ResultColumn> columns = new ArrayList<>();
    final List<List<Object>> rows = new ArrayList<>();

    @Override
    public void columns(List<ResultColumn> cols) {
        columns.addAll(cols);
    }

    @Override
    public void row(List<Object> values) {
        rows.add(values);
    }
}
