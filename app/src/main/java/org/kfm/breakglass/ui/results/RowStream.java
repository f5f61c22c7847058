package org.kfm.breakglass.ui.results;

import java.util.List;

/**
 * Every row of one result as the engine streams it, before (and regardless of) the grid's display cap: the map is fed
 * from here so it draws every geometry the statement returned, not only the rows the grid keeps.
 */
public interface RowStream {
    /**
     * Rows {@code firstRow}, {@code firstRow + 1}, … of the result (0-based), in order. Called on the engine's
     * streaming thread (or, for rows that arrived before the stream was attached, on the attaching thread); it must
     * hand the work off and return quickly, since the next rows wait for it.
     */
    void rows(long firstRow, List<List<Object>> batch);

    /**
     * The result ended. {@code complete} is false when the stream was attached too late to receive every row (then
     * only the grid's rows were replayed) — the receiver must say so rather than pretend it has them all.
     */
    void end(boolean complete);
}
