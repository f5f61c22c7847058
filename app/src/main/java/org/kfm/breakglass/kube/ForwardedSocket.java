package org.kfm.breakglass.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Socket} whose streams are one port-forward websocket to a pod, with <b>no OS socket at all</b>: nothing
 * listens, nothing binds, so no other local process can ride the tunnel. pgjdbc gets it from a SocketFactory and
 * uses it like a TCP connection to the database.
 *
 * <p>{@code connect} ignores the address (the forward already is the destination); socket options are recorded and
 * reported back; {@link #setSoTimeout} is honoured by reads. Reads take the websocket's messages by reference
 * ({@link InboundFrames}); writes are framed on the writer's thread ({@link OutboundFrames}) and, like a
 * {@code BufferedOutputStream}, go out when a 32 KiB frame is full or on {@code flush()} (pgjdbc flushes before it
 * waits for an answer). When the forward drops, reads fail with an {@link IOException} saying so (after the bytes
 * already received), instead of hanging; when the server closes it normally (1000: the pod's side of the connection
 * ended), reads return end of stream, as a TCP socket does after a FIN.
 */
public final class ForwardedSocket extends OptionRecordingSocket {

    private final String target;
    private final ResolvedPod pod;
    private final Consumer<ForwardedSocket> onClose;
    private final ForwardLink link;
    private final InboundFrames inbound;
    private final OutboundFrames outbound;
    private final InputStream in = new TunnelInputStream();
    private final OutputStream out = new TunnelOutputStream();
    private volatile int soTimeout;
    private volatile boolean closed;
    private volatile boolean droppedBeforeClose;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile SocketAddress remote;

    /** Opens the forward at once (the websocket upgrade completes asynchronously; the first write waits for it). */
    ForwardedSocket(String target, ResolvedPod pod, Forwarder forwarder, Consumer<ForwardedSocket> onClose)
            throws IOException {
        super(PodPortForward.INBOUND_LIMIT, (int) OutboundFrames.SEND_QUEUE_LIMIT);
        this.target = target;
        this.pod = pod;
        this.onClose = onClose;
        this.link = forwarder.open();
        this.inbound = link.inbound();
        this.outbound = new OutboundFrames(link);
    }

    /** Opens one port-forward stream. */
    @FunctionalInterface
    interface Forwarder {
        ForwardLink open() throws IOException;
    }

    /** The pod this socket forwards to. */
    public ResolvedPod pod() {
        return pod;
    }

    /** Whether the forward still carries data (false once it ended or this socket closed). */
    public boolean forwardAlive() {
        return !closed && link.isAlive() && !inbound.isEnded();
    }

    /**
     * Whether the forward has failed under this socket: ended by anything but the server's normal close. A normal
     * close is the pod's side ending the connection (PostgreSQL after a cancel request), which says nothing about
     * the tunnel; counting it as a drop made every cancelled statement reconnect the whole tunnel.
     */
    public boolean forwardDropped() {
        return (!link.isAlive() || inbound.isEnded()) && !link.endedCleanly();
    }

    /** Whether the forward had already dropped when this socket was closed (a remote end, not the console). */
    public boolean droppedBeforeClose() {
        return droppedBeforeClose;
    }

    /** Why the forward ended, from what its websocket reported; a generic reason when it reported nothing. */
    public String dropReason() {
        return link.dropReason();
    }

    /** Whether the API server refused this forward for lack of authentication or RBAC (reconnecting won't help). */
    public boolean refusedByApiServer() {
        return link.refusedByApiServer();
    }

    /** The forward underneath (package-private: tests look at its bound and its event loop). */
    ForwardLink link() {
        return link;
    }

    /** The upload framing (package-private: tests look at its send-queue bound). */
    OutboundFrames outbound() {
        return outbound;
    }

    private IOException dropped() {
        return new IOException("The port-forward tunnel to " + target + " dropped: " + dropReason());
    }

    // --- connection -------------------------------------------------------------------------------------

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        // The destination is fixed by the forward; the address pgjdbc passes is only remembered for getters.
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        remote = endpoint;
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        throw new SocketException("A forwarded socket has no local address to bind: " + target);
    }

    @Override
    public InetAddress getInetAddress() {
        return remote instanceof InetSocketAddress isa ? isa.getAddress() : InetAddress.getLoopbackAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        return remote instanceof InetSocketAddress isa ? isa.getPort() : pod.containerPort();
    }

    /** There is no local port: nothing is bound. */
    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote != null ? remote : InetSocketAddress.createUnresolved(pod.name(), pod.containerPort());
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return null;
    }

    @Override
    public SocketChannel getChannel() {
        return null;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return false;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    // --- streams ----------------------------------------------------------------------------------------

    @Override
    public InputStream getInputStream() throws IOException {
        ensureOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        ensureOpen();
        return out;
    }

    @Override
    public void shutdownInput() throws IOException {
        ensureOpen();
        inputShutdown = true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        ensureOpen();
        try {
            outbound.flush();
        } catch (ClosedChannelException e) {
            // already gone: nothing left to send
        }
        outputShutdown = true;
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("Urgent data is not supported through a port-forward");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // pgjdbc closes the socket as soon as a read fails, so remember whether the forward died first.
        droppedBeforeClose = forwardDropped();
        inbound.closeReader();
        try {
            link.close(); // sends websocket close 1001 "User closing"
        } catch (RuntimeException e) {
            // Closing is best effort: the websocket may already be gone.
        }
        onClose.accept(this);
    }

    private void ensureOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    // --- the one option with a meaning here; the TCP-level ones are recorded by OptionRecordingSocket ----

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public String toString() {
        return "ForwardedSocket[" + target + ", pod uid " + pod.uid() + (closed ? ", closed" : "") + "]";
    }

    /** Reads what the forward delivered, honouring SO_TIMEOUT; a drop becomes an IOException naming the tunnel. */
    private final class TunnelInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (inputShutdown) {
                return -1;
            }
            try {
                int n = inbound.read(b, off, len, soTimeout);
                if (n < 0 && !link.endedCleanly()) {
                    throw dropped();
                }
                return n; // -1 after a normal close: end of stream, as after a TCP FIN
            } catch (ClosedChannelException e) {
                throw new SocketException("Socket is closed");
            }
        }

        @Override
        public int available() throws IOException {
            return inbound.available();
        }

        @Override
        public void close() {
            ForwardedSocket.this.close();
        }
    }

    /** Frames what pgjdbc writes; sends on flush or a full frame, waiting while the websocket's queue is full. */
    private final class TunnelOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureWritable();
            try {
                outbound.write(b, off, len);
            } catch (ClosedChannelException e) {
                throw closedOrDropped();
            }
        }

        @Override
        public void flush() throws IOException {
            ensureWritable();
            try {
                outbound.flush();
            } catch (ClosedChannelException e) {
                throw closedOrDropped();
            }
        }

        private void ensureWritable() throws SocketException {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            if (outputShutdown) {
                throw new SocketException("Socket output is shut down");
            }
        }

        private IOException closedOrDropped() {
            return closed ? new SocketException("Socket is closed") : dropped();
        }

        @Override
        public void close() {
            ForwardedSocket.this.close();
        }
    }
}
