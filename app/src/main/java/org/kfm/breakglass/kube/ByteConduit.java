package org.kfm.breakglass.kube;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded in-memory byte pipe between one writer and one reader thread: the seam between the socket streams
 * pgjdbc uses and the channels fabric8's port-forward pumps. Unlike {@link java.nio.channels.Pipe} it opens no file
 * descriptor (on Windows that one is a loopback socket pair) and its reads honour a timeout.
 *
 * <p>Bulk copies with {@link System#arraycopy}; the writer blocks while the buffer is full (back-pressure to
 * fabric8, which then stops requesting websocket frames), the reader while it is empty. Never returns 0 from a
 * channel read or write: fabric8 treats 0 as "non-blocking, sleep 50 ms".
 */
final class ByteConduit {

    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private int head;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;

    ByteConduit(int capacity) {
        this.ring = new byte[capacity];
    }

    /**
     * Reads up to {@code len} bytes, waiting at most {@code timeoutMillis} (0 = forever) for the first one.
     *
     * @return the number of bytes read, or -1 once the writer closed and everything was read
     */
    int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
            while (count == 0) {
                if (readerClosed) {
                    throw new ClosedChannelException();
                }
                if (writerClosed) {
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
            int n = Math.min(len, count);
            int first = Math.min(n, ring.length - head);
            System.arraycopy(ring, head, b, off, first);
            if (n > first) {
                System.arraycopy(ring, 0, b, off + first, n - first);
            }
            head = (head + n) % ring.length;
            count -= n;
            writable.signal();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading from the tunnel");
        } finally {
            lock.unlock();
        }
    }

    /** Writes all {@code len} bytes, blocking while the buffer is full. */
    void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (len > 0) {
                while (count == ring.length && !readerClosed && !writerClosed) {
                    writable.await();
                }
                if (writerClosed || readerClosed) {
                    throw new ClosedChannelException();
                }
                int tail = (head + count) % ring.length;
                int n = Math.min(len, ring.length - count);
                int first = Math.min(n, ring.length - tail);
                System.arraycopy(b, off, ring, tail, first);
                if (n > first) {
                    System.arraycopy(b, off + first, ring, 0, n - first);
                }
                count += n;
                off += n;
                len -= n;
                readable.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while writing to the tunnel");
        } finally {
            lock.unlock();
        }
    }

    /** Bytes that can be read without blocking. */
    int available() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** No more bytes will come: the reader sees end-of-stream once it has drained the buffer. */
    void closeWriter() {
        lock.lock();
        try {
            writerClosed = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Nobody reads any more: pending and future writes fail, buffered bytes are dropped. */
    void closeReader() {
        lock.lock();
        try {
            readerClosed = true;
            count = 0;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isWriterClosed() {
        lock.lock();
        try {
            return writerClosed;
        } finally {
            lock.unlock();
        }
    }

    /** The read end as a blocking channel (for fabric8 to pump from); closing it closes the reader side. */
    ReadableByteChannel source() {
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (!dst.hasRemaining()) {
                    return 0;
                }
                try {
                    if (dst.hasArray()) {
                        int n = ByteConduit.this.read(
                                dst.array(), dst.arrayOffset() + dst.position(), dst.remaining(), 0);
                        if (n > 0) {
                            dst.position(dst.position() + n);
                        }
                        return n;
                    }
                    byte[] tmp = new byte[Math.min(dst.remaining(), 64 * 1024)];
                    int n = ByteConduit.this.read(tmp, 0, tmp.length, 0);
                    if (n > 0) {
                        dst.put(tmp, 0, n);
                    }
                    return n;
                } catch (InterruptedIOException e) {
                    // fabric8 interrupts its pump thread when the forward closes.
                    closeReader();
                    throw new ClosedByInterruptException();
                }
            }

            @Override
            public boolean isOpen() {
                return !isReaderClosedUnlocked();
            }

            @Override
            public void close() {
                closeReader();
            }
        };
    }

    /** The write end as a blocking channel (for fabric8 to deliver into); closing it means end-of-stream. */
    WritableByteChannel sink() {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = src.remaining();
                if (src.hasArray()) {
                    ByteConduit.this.write(src.array(), src.arrayOffset() + src.position(), n);
                    src.position(src.position() + n);
                } else {
                    byte[] tmp = new byte[n];
                    src.get(tmp);
                    ByteConduit.this.write(tmp, 0, n);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return !isWriterClosed();
            }

            @Override
            public void close() {
                closeWriter();
            }
        };
    }

    private boolean isReaderClosedUnlocked() {
        lock.lock();
        try {
            return readerClosed;
        } finally {
            lock.unlock();
        }
    }
}
