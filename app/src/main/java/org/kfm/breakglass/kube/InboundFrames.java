package org.kfm.breakglass.kube;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The data a port-forward received that the socket's reader has not taken yet: the HTTP client's own message
 * buffers, held by reference (the channel byte already skipped), so a byte is copied once more only when pgjdbc
 * reads it into its own buffer.
 *
 * <p>One producer, the websocket's event loop, which must never block: {@link #add} only queues and says whether
 * the next message may be requested at once. While more than {@code limit} bytes wait, it may not; the websocket
 * then stops asking for messages, the HTTP client stops reading the connection, and TCP pushes back to the API
 * server and, through it, to PostgreSQL. Once the reader has taken the queue below half the limit it asks for the
 * next message itself ({@code requestMore}), so a slow reader costs one cross-thread wake-up per half-buffer, not
 * one per frame. Memory is bounded by {@code limit} plus one message.
 *
 * <p>One consumer, the thread reading the socket: reads honour a timeout and never return 0.
 */
final class InboundFrames {

    private final long limit;
    private final Runnable requestMore;
    private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private long queuedBytes;
    private long peakBytes;
    private boolean requestOwed;
    private boolean ended;
    private boolean readerClosed;

    /**
     * @param limit       bytes held before the websocket is no longer asked for more
     * @param requestMore asks the websocket for its next message; called by the reader, never under the lock
     */
    InboundFrames(long limit, Runnable requestMore) {
        this.limit = limit;
        this.requestMore = requestMore;
    }

    /**
     * The event loop received {@code payload} (its remaining bytes are the data; kept, not copied).
     *
     * @return whether the caller may request the next message now; when false, the reader will
     */
    boolean add(ByteBuffer payload) {
        lock.lock();
        try {
            if (readerClosed || ended) {
                return true; // nobody will read it: let the websocket drain towards its close
            }
            if (payload.hasRemaining()) {
                frames.addLast(payload);
                queuedBytes += payload.remaining();
                peakBytes = Math.max(peakBytes, queuedBytes);
                readable.signal();
            }
            if (queuedBytes >= limit) {
                requestOwed = true;
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** No more data will come: the reader gets what is queued, then end-of-stream. */
    void end() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Nobody reads any more: queued data is dropped, later data is discarded, reads fail. */
    void closeReader() {
        boolean owed;
        lock.lock();
        try {
            readerClosed = true;
            frames.clear();
            queuedBytes = 0;
            owed = requestOwed;
            requestOwed = false;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        if (owed) {
            requestMore.run(); // let the websocket read on to its close frame
        }
    }

    /**
     * Reads up to {@code len} bytes, waiting at most {@code timeoutMillis} (0 = forever) for the first one.
     *
     * @return the number of bytes read (at least 1 when {@code len > 0}), or -1 once ended and drained
     * @throws SocketTimeoutException when nothing arrived in time
     * @throws ClosedChannelException after {@link #closeReader()}
     */
    int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        boolean askForMore = false;
        lock.lock();
        try {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
            while (frames.isEmpty()) {
                if (readerClosed) {
                    throw new ClosedChannelException();
                }
                if (ended) {
                    return -1;
                }
                if (timeoutMillis > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("Read timed out after " + timeoutMillis + " ms");
                    }
                    readable.awaitNanos(left);
                } else {
                    readable.await();
                }
            }
            while (n < len && !frames.isEmpty()) {
                ByteBuffer head = frames.peekFirst();
                int chunk = Math.min(len - n, head.remaining());
                head.get(b, off + n, chunk);
                n += chunk;
                if (!head.hasRemaining()) {
                    frames.removeFirst();
                }
            }
            queuedBytes -= n;
            if (requestOwed && queuedBytes < limit / 2) {
                requestOwed = false;
                askForMore = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading from the tunnel");
        } finally {
            lock.unlock();
        }
        if (askForMore) {
            requestMore.run();
        }
        return n;
    }

    /** Bytes that can be read without blocking. */
    int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queuedBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Whether no more data will come (it may still be queued). */
    boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes ever queued at once: the bound in action, for tests and diagnostics. */
    long peakBytes() {
        lock.lock();
        try {
            return peakBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes queued now. */
    long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }
}
