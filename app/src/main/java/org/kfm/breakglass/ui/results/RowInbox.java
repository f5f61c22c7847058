package org.kfm.breakglass.ui.results;

import java.util.ArrayList;
import java.util.List;

/**
 * Row batches on their way from the engine's streaming thread to the grid on the UI thread. The engine puts each
 * batch; the UI thread takes everything that arrived since its last take, as one list, in order. Only the first
 * {@code gridLimit} rows of the result are kept for the grid: beyond them a batch is counted and dropped here,
 * since the grid would drop it anyway (the map gets every row through {@link RowTap}, not through here).
 */
final class RowInbox {
    private final int gridLimit;
    private List<List<Object>> pending = new ArrayList<>();
    private long arrived;
    private long kept;
    private boolean taskPending;

    RowInbox(int gridLimit) {
        this.gridLimit = gridLimit;
    }

    /** What one take handed over: the rows for the grid (in order) and the count of every row so far. */
    record Arrived(List<List<Object>> rows, long count) {}

    /**
     * Engine thread: one batch, in order. True when the caller must schedule a {@link #take} on the UI thread (none
     * is pending); false when the pending one will pick this batch up too.
     */
    synchronized boolean put(List<List<Object>> batch) {
        arrived += batch.size();
        long room = gridLimit - kept;
        if (room > 0) {
            var keep = batch.size() <= room ? batch : batch.subList(0, (int) room);
            pending.addAll(keep);
            kept += keep.size();
        }
        if (taskPending) {
            return false;
        }
        taskPending = true;
        return true;
    }

    /** UI thread: every row put since the last take, and the count of all rows put so far. */
    synchronized Arrived take() {
        taskPending = false;
        var rows = pending;
        pending = new ArrayList<>();
        return new Arrived(rows, arrived);
    }
}
