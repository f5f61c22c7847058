package org.kfm.breakglass.ui.results;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands a result's row batches to a {@link RowStream} attached on the FX thread while the engine streams on its own
 * thread. Rows of a result with a geometry column that arrive before the stream is attached are held and replayed on
 * attach (the view attaches while handling the columns, so this backlog is short); if nobody has attached when the
 * result is finished, the backlog is dropped so an unshown result holds no more than its grid.
 */
final class RowTap {
    private final List<List<List<Object>>> backlog = new ArrayList<>();
    private RowStream stream;
    private boolean holding;
    private boolean abandoned;
    private boolean ended;
    private long next;

    /** Engine thread: the columns are known; hold rows only when something will want them (a geometry column). */
    synchronized void columns(boolean spatial) {
        holding = spatial;
    }

    /** Engine thread: one batch, in order. */
    synchronized void offer(List<List<Object>> batch) {
        long first = next;
        next += batch.size();
        if (stream != null) {
            // Under the lock, so a replay on attach and live batches cannot interleave out of order.
            stream.rows(first, batch);
        } else if (holding && !abandoned) {
            backlog.add(batch);
        }
    }

    /** No more rows (engine thread; or the FX thread when the run could not start). Idempotent. */
    synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (stream != null) {
            stream.end(true);
        }
    }

    /** FX thread, once the result is finished: an unattached backlog is dropped. */
    synchronized void abandonIfUnattached() {
        if (stream == null) {
            abandoned = true;
            backlog.clear();
        }
    }

    /**
     * Attaches the one stream. It first receives what arrived so far: the held batches, or (when they were dropped)
     * the grid's rows and then {@code end(false)}.
     */
    synchronized void attach(RowStream receiver, List<List<Object>> gridRows) {
        if (stream != null) {
            throw new IllegalStateException("a result feeds one row stream; one is already attached");
        }
        stream = receiver;
        if (abandoned) {
            if (!gridRows.isEmpty()) {
                receiver.rows(0, List.copyOf(gridRows));
            }
            receiver.end(false);
            return;
        }
        long first = 0;
        for (List<List<Object>> batch : backlog) {
            receiver.rows(first, batch);
            first += batch.size();
        }
        backlog.clear();
        if (ended) {
            receiver.end(true);
        }
    }
}
