package org.kfm.breakglass.sql;

/**
 * How many rows each round trip of a streamed result asks for. pgjdbc holds one whole batch in memory, and the
 * server waits while the console works through it, so a fixed count is wrong both ways: 1,000 short rows are a
 * round trip (and a wake-up of the server, on a busy machine a scheduling delay) per 40 KB, and 1,000 rows of
 * large polygons are hundreds of megabytes. The first batch uses the caller's fetch size; every later one is
 * sized so that it would hold about {@link #BATCH_BYTES} if each row weighed as much as the heaviest row seen so
 * far (at most {@link #MAX_ROWS}, at least one). Memory per batch is thus bounded by what the result has shown,
 * and a result of short rows needs a round trip per tens of thousands of rows.
 */
final class FetchSizing {

    /** Estimated heap one batch may take: text bytes plus pgjdbc's per-row and per-field arrays. */
    static final long BATCH_BYTES = 8L << 20;

    static final int MAX_ROWS = 100_000;

    /** pgjdbc keeps a row as a {@code byte[][]} (a tuple object around it) and every field as its own array. */
    private static final int ROW_OVERHEAD = 48;

    private static final int FIELD_OVERHEAD = 24;

    private final long overheadPerRow;
    private final boolean adapting;
    private long remainingInBatch;
    private long heaviestRow;

    /**
     * @param firstFetch the fetch size of the first round trip (0: pgjdbc read every row at once, nothing to size)
     * @param columns the result's column count
     */
    FetchSizing(int firstFetch, int columns) {
        this.overheadPerRow = ROW_OVERHEAD + (long) FIELD_OVERHEAD * columns;
        this.adapting = firstFetch > 0;
        this.remainingInBatch = firstFetch;
    }

    /**
     * Notes one row read ({@code textBytes}: the sum of its fields' lengths). Returns the size of the next round
     * trip when this row was the last of its batch, else 0.
     */
    int afterRow(long textBytes) {
        if (!adapting) {
            return 0;
        }
        heaviestRow = Math.max(heaviestRow, textBytes + overheadPerRow);
        if (--remainingInBatch > 0) {
            return 0;
        }
        int next = (int) Math.max(1, Math.min(MAX_ROWS, BATCH_BYTES / heaviestRow));
        remainingInBatch = next;
        return next;
    }
}
