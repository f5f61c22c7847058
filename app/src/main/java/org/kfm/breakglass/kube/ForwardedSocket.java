package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.client.PortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link Socket} whose streams are one fabric8 port-forward websocket to a pod, with <b>no OS socket at all</b>:
 * nothing listens, nothing binds, so no other local process can ride the tunnel. pgjdbc gets it from a
 * SocketFactory and uses it like a TCP connection to the database.
 *
 * <p>{@code connect} ignores the address (the forward already is the destination); socket options are recorded and
 * reported back; {@link #setSoTimeout} is honoured by reads. When the forward drops, reads fail with an
 * {@link IOException} saying so (after the bytes already received), instead of hanging.
 */
public final class ForwardedSocket extends Socket {

    private static final int INBOUND_BUFFER = 1 << 20;
    private static final int OUTBOUND_BUFFER = 256 << 10;

    private final String target;
    private final ResolvedPod pod;
    private final ByteConduit inbound = new ByteConduit(INBOUND_BUFFER);
    private final ByteConduit outbound = new ByteConduit(OUTBOUND_BUFFER);
    private final Consumer<ForwardedSocket> onClose;
    private final PortForward forward;
    private final InputStream in = new TunnelInputStream();
    private final OutputStream out = new TunnelOutputStream();
    private final java.util.Map<SocketOption<?>, Object> options = new ConcurrentHashMap<>();
    private volatile int soTimeout;
    private volatile boolean closed;
    private volatile boolean droppedBeforeClose;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile SocketAddress remote;

    /** Opens the forward at once: fabric8 pumps {@code outbound} to the pod and delivers into {@code inbound}. */
    ForwardedSocket(String target, ResolvedPod pod, Forwarder forwarder, Consumer<ForwardedSocket> onClose)
            throws SocketException {
        super((SocketImpl) null);
        this.target = target;
        this.pod = pod;
        this.onClose = onClose;
        this.forward = forwarder.open(outbound.source(), inbound.sink());
        options.put(StandardSocketOptions.SO_RCVBUF, INBOUND_BUFFER);
        options.put(StandardSocketOptions.SO_SNDBUF, OUTBOUND_BUFFER);
        options.put(StandardSocketOptions.TCP_NODELAY, Boolean.FALSE);
        options.put(StandardSocketOptions.SO_KEEPALIVE, Boolean.FALSE);
        options.put(StandardSocketOptions.SO_REUSEADDR, Boolean.FALSE);
        options.put(StandardSocketOptions.SO_LINGER, -1);
        options.put(StandardSocketOptions.IP_TOS, 0);
    }

    /** Opens one port-forward over the given channels. */
    @FunctionalInterface
    interface Forwarder {
        PortForward open(java.nio.channels.ReadableByteChannel in, java.nio.channels.WritableByteChannel out);
    }

    /** The pod this socket forwards to. */
    public ResolvedPod pod() {
        return pod;
    }

    /** Whether the forward still carries data (false once it dropped or this socket closed). */
    public boolean forwardAlive() {
        return !closed && forward.isAlive() && !inbound.isWriterClosed();
    }

    /** Whether the forward had already dropped when this socket was closed (a remote end, not the console). */
    public boolean droppedBeforeClose() {
        return droppedBeforeClose;
    }

    /** Why the forward ended, from fabric8's recorded errors; a generic reason when it recorded none. */
    public String dropReason() {
        return ForwardFailure.reason(forward);
    }

    /** Whether the API server refused this forward for lack of authentication or RBAC (reconnecting won't help). */
    public boolean refusedByApiServer() {
        return ForwardFailure.refused(forward);
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
        outputShutdown = true;
        outbound.closeWriter();
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
        droppedBeforeClose = !forward.isAlive() || inbound.isWriterClosed();
        inbound.closeReader();
        outbound.closeWriter();
        try {
            forward.close(); // sends websocket close 1001 "User closing"
        } catch (IOException | RuntimeException e) {
            // Closing is best effort: the websocket may already be gone.
        }
        onClose.accept(this);
    }

    private void ensureOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    // --- options: recorded, reported back; TCP-level ones have no meaning over a websocket ---------------

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
    public void setTcpNoDelay(boolean on) {
        options.put(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public boolean getTcpNoDelay() {
        return (Boolean) options.get(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setKeepAlive(boolean on) {
        options.put(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    public boolean getKeepAlive() {
        return (Boolean) options.get(StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setReceiveBufferSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("invalid receive size");
        }
        options.put(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() {
        return (Integer) options.get(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setSendBufferSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("negative send size");
        }
        options.put(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() {
        return (Integer) options.get(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
        options.put(StandardSocketOptions.SO_LINGER, on ? linger : -1);
    }

    @Override
    public int getSoLinger() {
        return (Integer) options.get(StandardSocketOptions.SO_LINGER);
    }

    @Override
    public void setReuseAddress(boolean on) {
        options.put(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() {
        return (Boolean) options.get(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setTrafficClass(int tc) {
        options.put(StandardSocketOptions.IP_TOS, tc);
    }

    @Override
    public int getTrafficClass() {
        return (Integer) options.get(StandardSocketOptions.IP_TOS);
    }

    @Override
    public void setOOBInline(boolean on) {
        // Urgent data does not exist on a websocket; nothing to inline.
    }

    @Override
    public boolean getOOBInline() {
        return false;
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        // No TCP stack underneath to tune.
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        ensureOpen();
        if (!options.containsKey(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported by a forwarded socket");
        }
        options.put(name, value);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SocketOption<T> name) throws IOException {
        ensureOpen();
        if (!options.containsKey(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported by a forwarded socket");
        }
        return (T) options.get(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.copyOf(options.keySet());
    }

    @Override
    public String toString() {
        return "ForwardedSocket[" + target + ", pod uid " + pod.uid() + (closed ? ", closed" : "") + "]";
    }

    /** Reads what fabric8 delivered, honouring SO_TIMEOUT; a drop becomes an IOException naming the tunnel. */
    private final class TunnelInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (inputShutdown) {
                return -1;
            }
            try {
                int n = inbound.read(b, off, len, soTimeout);
                if (n < 0) {
                    throw dropped();
                }
                return n;
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

    /** Hands bytes to fabric8's pump; large writes are copied in bulk, blocking while 256 KiB are in flight. */
    private final class TunnelOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            try {
                outbound.write(b, off, len);
            } catch (ClosedChannelException e) {
                if (closed) {
                    throw new SocketException("Socket is closed");
                }
                throw dropped();
            }
        }

        @Override
        public void close() {
            ForwardedSocket.this.close();
        }
    }
}
