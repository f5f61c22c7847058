package org.kfm.breakglass.ui.spatial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.spatial.GeometryRow;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.ColumnInfo;
import org.kfm.breakglass.ui.port.ResultListener;

/**
 * Feeds a streamed statement result into a {@link SpatialPreviewViewModel}: the spatial columns become layers, row
 * indices count from 0 across batches (the result table's row index). Callable from the engine's thread; every call
 * reaches the view model through the {@link UiThread} in order. Chain it after the table's own listener.
 */
public final class SpatialResultFeed implements ResultListener {
    private final SpatialPreviewViewModel model;
    private final UiThread ui;
    /** Column position in the row → layer name (duplicate names get " (2)", " (3)"…). */
    private final Map<Integer, String> spatialColumns = new LinkedHashMap<>();
    private int nextRow;

    public SpatialResultFeed(SpatialPreviewViewModel model, UiThread ui) {
        this.model = model;
        this.ui = ui;
    }

    /** True once {@link #columns} has seen at least one geometry/geography column. */
    public boolean hasSpatialColumns() {
        return !spatialColumns.isEmpty();
    }

    @Override
    public void columns(List<ColumnInfo> columns) {
        spatialColumns.clear();
        nextRow = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).spatial()) {
                String name = columns.get(i).name();
                String unique = name;
                for (int n = 2; spatialColumns.containsValue(unique); n++) {
                    unique = name + " (" + n + ")";
                }
                spatialColumns.put(i, unique);
            }
        }
        List<String> names = List.copyOf(spatialColumns.values());
        ui.run(() -> model.beginResult(names, -1));
    }

    @Override
    public void rows(List<List<Object>> batch) {
        int first = nextRow;
        nextRow += batch.size();
        for (var column : spatialColumns.entrySet()) {
            var rows = new ArrayList<GeometryRow>(batch.size());
            for (int r = 0; r < batch.size(); r++) {
                Object value = batch.get(r).get(column.getKey());
                rows.add(new GeometryRow(first + r, value == null ? null : value.toString()));
            }
            ui.run(() -> model.append(column.getValue(), rows));
        }
    }

    @Override
    public void done(long rowCount, double durationMs) {
        List<String> names = List.copyOf(spatialColumns.values());
        ui.run(() -> names.forEach(model::complete));
    }

    @Override
    public void failed(String sqlstate, String message, int position) {
        // The rows that arrived stay on the map; the table reports the failure.
        done(nextRow, 0);
    }
}
