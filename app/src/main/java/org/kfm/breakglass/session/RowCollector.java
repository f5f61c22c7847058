package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.sql.ResultColumn;
import org.kfm.breakglass.sql.RowSink;

/** Keeps the rows of one of the console's own queries, for the check or catalog that asked. */
final class RowCollector implements RowSink {
    private final List<List<Object>> rows = new ArrayList<>();

    @Override
    public void columns(List<ResultColumn> columns) {}

    @Override
    public void row(List<Object> values) {
        rows.add(values);
    }

    List<List<Object>> rows() {
        return rows;
    }
}
