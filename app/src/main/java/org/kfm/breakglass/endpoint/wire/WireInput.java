package org.kfm.breakglass.endpoint.wire;

import java.io.EOFException;
import java.io.IOException;

/**
 * A buffered reader of protocol bytes. Before it blocks for more input it runs its idle hook, which the proxy uses
 * to flush the other direction's output: replies are sent as soon as nothing more is waiting to be read, so
 * batches stay batched and nothing waits in a buffer while the peer waits for it.
 */
public final class WireInput {
    private final ByteSource source;
    private final byte[] buffer;
    private Runnable idleHook = () -> {};
    private int position;
    private int limit;

    public WireInput(ByteSource source) {
        this(source, 64 * 1024);
    }

    public WireInput(ByteSource source, int bufferSize) {
        this.source = source;
        this.buffer = new byte[bufferSize];
    }

    /** Runs before each blocking read (never while buffered bytes remain). */
    public void onIdle(Runnable hook) {
        this.idleHook = hook;
    }

    /** True when a byte can be read without blocking. */
    public boolean hasBuffered() {
        return position < limit;
    }

    /** The next byte, or -1 at a clean end of stream. */
    public int readOrEof() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    public int readByte() throws IOException {
        int b = readOrEof();
        if (b < 0) {
            throw new EOFException("the stream ended inside a message");
        }
        return b;
    }

    public int readInt32() throws IOException {
        return (readByte() << 24) | (readByte() << 16) | (readByte() << 8) | readByte();
    }

    public void readFully(byte[] target, int offset, int length) throws IOException {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("the stream ended inside a message");
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    public byte[] readFully(int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(bytes, 0, length);
        return bytes;
    }

    /** Hands the next {@code length} bytes to {@code consumer} in chunks, without holding them all. */
    public void transfer(int length, ChunkConsumer consumer) throws IOException {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("the stream ended inside a message");
            }
            int n = Math.min(length, limit - position);
            consumer.accept(buffer, position, n);
            position += n;
            length -= n;
        }
    }

    private boolean fill() throws IOException {
        idleHook.run();
        position = 0;
        limit = 0;
        int n;
        do {
            n = source.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    /** Receives a slice of the input buffer; it must not keep a reference to the array. */
    @FunctionalInterface
    public interface ChunkConsumer {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }
}
