package org.kfm.breakglass.endpoint.wire;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A buffered writer of protocol bytes that several threads may share: every message is written whole under
 * {@link #lock()} (the proxy's relay and its own replies must never interleave inside a message).
 */
public final class WireOutput {
    private final ByteSink sink;
    private final byte[] buffer;
    private final ReentrantLock lock = new ReentrantLock();
    private int count;

    public WireOutput(ByteSink sink) {
        this(sink, 64 * 1024);
    }

    public WireOutput(ByteSink sink, int bufferSize) {
        this.sink = sink;
        this.buffer = new byte[bufferSize];
    }

    /** The lock that makes a sequence of writes one unit; reentrant, so helpers may take it again. */
    public ReentrantLock lock() {
        return lock;
    }

    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        lock.lock();
        try {
            if (length >= buffer.length) {
                flushBuffer();
                sink.write(bytes, offset, length);
                return;
            }
            if (count + length > buffer.length) {
                flushBuffer();
            }
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        } finally {
            lock.unlock();
        }
    }

    public void writeByte(int b) throws IOException {
        lock.lock();
        try {
            if (count == buffer.length) {
                flushBuffer();
            }
            buffer[count++] = (byte) b;
        } finally {
            lock.unlock();
        }
    }

    public void writeInt32(int v) throws IOException {
        lock.lock();
        try {
            writeByte(v >>> 24);
            writeByte(v >>> 16);
            writeByte(v >>> 8);
            writeByte(v);
        } finally {
            lock.unlock();
        }
    }

    public void write(Frame frame) throws IOException {
        lock.lock();
        try {
            frame.writeTo(this);
        } finally {
            lock.unlock();
        }
    }

    public void flush() throws IOException {
        lock.lock();
        try {
            flushBuffer();
        } finally {
            lock.unlock();
        }
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0;
            sink.write(buffer, 0, n);
        }
    }
}
