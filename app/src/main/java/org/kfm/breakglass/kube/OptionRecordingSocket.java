package org.kfm.breakglass.kube;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Socket} without a {@link SocketImpl} whose TCP-level options are recorded and reported back: pgjdbc sets
 * them (TCP_NODELAY, keep-alive, buffer sizes) and reads some back, but over a websocket they have no meaning. The
 * buffer sizes start at the tunnel's real bounds.
 */
abstract class OptionRecordingSocket extends Socket {

    private final Map<SocketOption<?>, Object> options = new ConcurrentHashMap<>();

    OptionRecordingSocket(int receiveBuffer, int sendBuffer) throws SocketException {
        super((SocketImpl) null);
        options.put(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        options.put(StandardSocketOptions.SO_SNDBUF, sendBuffer);
        options.put(StandardSocketOptions.TCP_NODELAY, Boolean.FALSE);
        options.put(StandardSocketOptions.SO_KEEPALIVE, Boolean.FALSE);
        options.put(StandardSocketOptions.SO_REUSEADDR, Boolean.FALSE);
        options.put(StandardSocketOptions.SO_LINGER, -1);
        options.put(StandardSocketOptions.IP_TOS, 0);
    }

    private void ensureNotClosed() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
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
        ensureNotClosed();
        if (!options.containsKey(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported by a forwarded socket");
        }
        options.put(name, value);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SocketOption<T> name) throws IOException {
        ensureNotClosed();
        if (!options.containsKey(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported by a forwarded socket");
        }
        return (T) options.get(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.copyOf(options.keySet());
    }
}
