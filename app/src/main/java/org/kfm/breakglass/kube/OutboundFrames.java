package org.kfm.breakglass.kube;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Turns what the socket's writer writes into {@code v4.channel.k8s.io} data frames: channel byte 0 and at most
 * {@value #MAX_FRAME} bytes in all, the buffer Go's {@code io.Copy} uses, so what a kubelet and the API server
 * handle in one piece. Bytes are gathered until a frame is full or the writer flushes (pgjdbc flushes whenever it
 * waits for an answer), so a bulk upload goes out in full frames instead of one per small write.
 *
 * <p>Upload backpressure: the HTTP client queues every frame it is given, without limit. Before each frame this
 * waits while more than {@value #SEND_QUEUE_LIMIT} bytes are still unwritten ({@code WebSocket.queueSize()}). The
 * client offers no completion signal, so the wait is a timed park that backs off from 50 µs to 5 ms: no spinning,
 * and no wait at all while the connection keeps up. Sending runs on the writer's thread; the frame array is
 * reused because the HTTP client copies what it is given.
 */
final class OutboundFrames {

    static final int MAX_FRAME = 32 * 1024;
    static final long SEND_QUEUE_LIMIT = 1 << 20;

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final ForwardLink link;
    private final byte[] frame = new byte[MAX_FRAME];
    private int length = 1; // frame[0] is the data channel, 0
    private volatile long peakQueued;

    OutboundFrames(ForwardLink link) {
        this.link = link;
    }

    /** Adds {@code len} bytes; full frames go out at once, the rest on {@link #flush()}. */
    synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, MAX_FRAME - length);
            System.arraycopy(b, off, frame, length, n);
            length += n;
            off += n;
            len -= n;
            if (length == MAX_FRAME) {
                sendFrame();
            }
        }
    }

    /** Sends what was gathered. */
    synchronized void flush() throws IOException {
        if (length > 1) {
            sendFrame();
        }
    }

    private void sendFrame() throws IOException {
        awaitSendRoom();
        try {
            link.send(ByteBuffer.wrap(frame, 0, length));
        } finally {
            length = 1;
        }
        peakQueued = Math.max(peakQueued, link.queuedForSending());
    }

    /** The most bytes the HTTP client held unwritten right after a frame was handed to it (for tests). */
    long peakQueued() {
        return peakQueued;
    }

    private void awaitSendRoom() throws IOException {
        long pause = FIRST_PAUSE_NANOS;
        while (link.queuedForSending() > SEND_QUEUE_LIMIT) {
            if (!link.isAlive()) {
                throw new ClosedChannelException();
            }
            LockSupport.parkNanos(this, pause);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while the port-forward's send queue was full");
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }
}
