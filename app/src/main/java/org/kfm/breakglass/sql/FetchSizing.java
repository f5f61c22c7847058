package org.kfm.breakglass.sql;

/**
 * How many rows each round trip of a streamed result asks for. pgjdbc holds one whole batch in memory, and the
 * server waits while the console works through it, so a fixed count is wrong both ways: 1,000 short rows are a
 * round trip (and a wake-up of the server, on a busy machine a scheduling delay) per 40 KB, and 1,000 rows of
 * large polygons are hundreds of megabytes. The first batch uses the caller's fetch size; every later one is
 * sized so that it would hold about {@link #batchBytes(long) a batch budget} if each row weighed as much as the
 * heaviest row seen so far (at most {@link #MAX_ROWS}, at least one). Memory per batch is thus bounded by what the
 * result has shown, and a result of short rows needs a round trip per thousands of rows.
 *
 * <p>The budget is a share of the heap, not a constant: a batch stays alive while the console works through it,
 * so every young collection in that time copies it. In the CLI's 96 MB heap (serial collector: a survivor space is
 * a thirtieth of the heap) an 8 MiB batch outgrew the survivor space, was promoted whole, and filled the old
 * generation: five full collections (~80 ms each) and ~700 ms of pauses per million short rows. A batch of a
 * forty-eighth of the heap dies young; the extra round trips cost less than the collections did
 * (docs/BENCHMARKS.md, "CLI rows").
 */
final class FetchSizing {

    /** The largest batch budget (a large heap): text bytes plus pgjdbc's per-row and per-field arrays. */
    static final long MAX_BATCH_BYTES = 8L << 20;

    /** The smallest batch budget, whatever the heap: below it round trips would dominate. */
    static final long MIN_BATCH_BYTES = 1L << 20;

    /** The share of the heap one batch may take (see the class comment). */
    static final int HEAP_SHARE = 48;

    static final int MAX_ROWS = 100_000;

    /** pgjdbc keeps a row as a {@code byte[][]} (a tuple object around it) and every field as its own array. */
    private static final int ROW_OVERHEAD = 48;

    private static final int FIELD_OVERHEAD = 24;

    private final long batchBytes;
    private final long overheadPerRow;
    private final boolean adapting;
    private long remainingInBatch;
    private long heaviestRow;

    /**
     * @param firstFetch the fetch size of the first round trip (0: pgjdbc read every row at once, nothing to size)
     * @param columns the result's column count
     */
    FetchSizing(int firstFetch, int columns) {
        this(firstFetch, columns, batchBytes(Runtime.getRuntime().maxMemory()));
    }

    /** As {@link #FetchSizing(int, int)} with an explicit budget per batch in estimated heap bytes. */
    FetchSizing(int firstFetch, int columns, long batchBytes) {
        this.batchBytes = batchBytes;
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
        int next = (int) Math.max(1, Math.min(MAX_ROWS, batchBytes / heaviestRow));
        remainingInBatch = next;
        return next;
    }

    /** The budget per batch for a heap of {@code maxHeapBytes}: its {@link #HEAP_SHARE}th, within the bounds. */
    static long batchBytes(long maxHeapBytes) {
        return Math.clamp(maxHeapBytes / HEAP_SHARE, MIN_BATCH_BYTES, MAX_BATCH_BYTES);
    }
}
