package org.kfm.breakglass.sql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * The pgjdbc {@code socketFactory}: every socket pgjdbc asks for comes from the {@link SocketOpener} registered
 * under the id pgjdbc passes as {@code socketFactoryArg}. pgjdbc 42.7 instantiates this class reflectively (it
 * tries a {@code (Properties)} constructor, then {@code (String)} with {@code socketFactoryArg}, then no-arg).
 *
 * <p>What pgjdbc 42.7.14 does with the returned socket (checked against {@code PGStream},
 * {@code ConnectionFactoryImpl}, {@code QueryExecutorImpl}):
 * <ul>
 *   <li>{@code isConnected()} — if false it calls {@code connect(InetSocketAddress(127.0.0.1, port), timeout)};
 *       openers return connected sockets, so connect is skipped;</li>
 *   <li>{@code setTcpNoDelay(true)}, {@code getSendBufferSize()}, {@code getInputStream()},
 *       {@code getOutputStream()};</li>
 *   <li>{@code setSoTimeout(int)}/{@code getSoTimeout()} — the read timeout, also flipped to 1 ms and back when
 *       polling for notifications;</li>
 *   <li>{@code setKeepAlive(boolean)} and, only when the properties ask, {@code set/getReceiveBufferSize},
 *       {@code setSendBufferSize};</li>
 *   <li>{@code isClosed()}, {@code close()}.</li>
 * </ul>
 * A cancel request ({@code Statement.cancel()}) opens a <em>new</em> stream through this same factory, so a
 * cancel travels through the tunnel too; pgjdbc then reads until EOF (with a 10 s read timeout), so the tunnel's
 * input stream must return -1 once the pod side closes, or every cancel waits out that timeout.
 * {@code setSoTimeout} must really bound reads (throw {@link java.net.SocketTimeoutException}):
 * {@code Connection.isValid} relies on it, and a read that ignores it can hang on a dead tunnel.
 */
public final class TunnelSocketFactory extends SocketFactory {

    private final String registrationId;

    /** Called by pgjdbc with the {@code socketFactoryArg} connection property. */
    public TunnelSocketFactory(String registrationId) {
        this.registrationId = registrationId;
    }

    @Override
    public Socket createSocket() throws IOException {
        var opener = SocketOpenerRegistry.lookup(registrationId);
        if (opener == null) {
            throw new SocketException("the database tunnel for this link is closed (registration " + registrationId
                    + " is gone); reconnect the session");
        }
        return opener.open();
    }

    // pgjdbc only calls createSocket(); the host/port variants ignore their target because the tunnel decides it.

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket();
    }
}
