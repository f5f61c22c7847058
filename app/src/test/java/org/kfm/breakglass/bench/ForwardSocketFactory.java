package org.kfm.breakglass.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;
import org.kfm.breakglass.sql.SocketOpener;

/**
 * pgjdbc {@code socketFactory} for plain JDBC connections through the tunnel, so the benchmark can compare a bare
 * {@code Connection} (COPY, SELECT 1) both ways. It does what the product's {@code sql.TunnelSocketFactory} does
 * (look up an opener by {@code socketFactoryArg}, return its socket); that one's registry is package-private
 * and only reachable through {@code DatabaseLink}, which the benchmark measures separately.
 */
public final class ForwardSocketFactory extends SocketFactory {

    private static final Map<String, SocketOpener> OPENERS = new ConcurrentHashMap<>();

    private final SocketOpener opener;

    /** Called by pgjdbc with {@code socketFactoryArg}. */
    public ForwardSocketFactory(String key) {
        this.opener = OPENERS.get(key);
        if (opener == null) {
            throw new IllegalArgumentException("no tunnel registered under " + key);
        }
    }

    static void register(String key, SocketOpener opener) {
        OPENERS.put(key, opener);
    }

    @Override
    public Socket createSocket() throws IOException {
        return opener.open();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return opener.open();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return opener.open();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return opener.open();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return opener.open();
    }
}
