package org.kfm.breakglass.endpoint.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional loopback TCP listener ({@code --tcp}) for tools that cannot use a Unix socket: the loopback address
 * only, a port the kernel picks. TCP carries no peer credentials, so every connection must authenticate with the
 * endpoint's one-time password (SCRAM-SHA-256, checked by the connection's handshake).
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final ServerSocketChannel server;
    private final ConnectionHandler handler;
    private final AtomicLong accepted = new AtomicLong();

    private TcpListener(ServerSocketChannel server, ConnectionHandler handler) {
        this.server = server;
        this.handler = handler;
    }

    public static TcpListener open(ConnectionHandler handler) throws IOException {
        var server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        var listener = new TcpListener(server, handler);
        Thread.ofVirtual().name("endpoint-accept-tcp").start(listener::acceptLoop);
        LOG.info("endpoint listening on {}", listener.address());
        return listener;
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the TCP listener is closed", e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting a TCP connection failed: {}", e.getMessage());
                continue;
            }
            long n = accepted.incrementAndGet();
            Thread.ofVirtual().name("endpoint-client-tcp-" + n).start(() -> {
                String peer;
                try {
                    channel.socket().setTcpNoDelay(true);
                    peer = String.valueOf(channel.getRemoteAddress());
                } catch (IOException e) {
                    peer = "unknown";
                }
                handler.serve(new ClientChannel(channel, "tcp", peer));
            });
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the TCP listener: {}", e.getMessage());
        }
    }
}
