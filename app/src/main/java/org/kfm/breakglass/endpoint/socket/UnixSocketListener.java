package org.kfm.breakglass.endpoint.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's Unix-domain socket. Every accepted connection's peer credentials ({@code SO_PEERCRED}, read by
 * the kernel when the peer connected) must name the operator's own user — the owner of the socket directory —
 * or the connection is refused. Each connection is served on its own virtual thread; the accept loop never waits
 * for a client.
 */
public final class UnixSocketListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketListener.class);

    private final SocketDirectory directory;
    private final ServerSocketChannel server;
    private final ConnectionHandler handler;
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;

    private UnixSocketListener(SocketDirectory directory, ServerSocketChannel server, ConnectionHandler handler) {
        this.directory = directory;
        this.server = server;
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().name("endpoint-accept-unix").unstarted(this::acceptLoop);
    }

    /** Binds {@code .s.PGSQL.5432} in {@code directory} (mode {@code 0600}) and starts accepting. */
    public static UnixSocketListener open(SocketDirectory directory, ConnectionHandler handler) throws IOException {
        var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(directory.socketPath()));
            Files.setPosixFilePermissions(directory.socketPath(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        var listener = new UnixSocketListener(directory, server, handler);
        listener.acceptor.start();
        LOG.info("endpoint listening on {}", directory.socketPath());
        return listener;
    }

    public SocketDirectory directory() {
        return directory;
    }

    private void acceptLoop() {
        UserPrincipal operator = directory.owner();
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting a connection on {} failed: {}", directory.socketPath(), e.getMessage());
                continue;
            }
            long n = accepted.incrementAndGet();
            Thread.ofVirtual().name("endpoint-client-unix-" + n).start(() -> admit(channel, operator));
        }
    }

    private void admit(SocketChannel channel, UserPrincipal operator) {
        UnixDomainPrincipal peer;
        try {
            peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            handler.refuse(
                    new ClientChannel(channel, "unix", "unknown"),
                    "the peer's credentials could not be read (" + e.getMessage() + ")");
            return;
        }
        String who = peer.user().getName();
        var client = new ClientChannel(channel, "unix", who);
        if (!peer.user().equals(operator)) {
            handler.refuse(
                    client,
                    "the peer runs as OS user '" + who + "', not as the operator ('" + operator.getName()
                            + "'): only the operator's own programs may use this session");
            return;
        }
        handler.serve(client);
    }

    /** Stops accepting; connections already served are not touched (the endpoint ends them). */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the endpoint's socket: {}", e.getMessage());
        }
        directory.close();
    }
}
