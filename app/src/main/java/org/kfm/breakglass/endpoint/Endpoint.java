package org.kfm.breakglass.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.endpoint.auth.OneTimePassword;
import org.kfm.breakglass.endpoint.proxy.ClientRegistry;
import org.kfm.breakglass.endpoint.proxy.ClientService;
import org.kfm.breakglass.endpoint.proxy.ClientSummary;
import org.kfm.breakglass.endpoint.socket.SocketDirectory;
import org.kfm.breakglass.endpoint.socket.TcpListener;
import org.kfm.breakglass.endpoint.socket.UnixSocketListener;
import org.kfm.breakglass.endpoint.upstream.AuditedUpstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL endpoint of one audited session: a Unix socket in a fresh private directory (and, if asked, a
 * loopback TCP port with a one-time password) where the operator's own clients connect. Closing it ends every
 * client with {@code FATAL 57P01} and the reason, then removes the socket and its directory.
 */
public final class Endpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    private final UnixSocketListener unix;
    private final TcpListener tcp;
    private final OneTimePassword password;
    private final ClientRegistry clients;
    private final String database;

    private Endpoint(
            UnixSocketListener unix,
            TcpListener tcp,
            OneTimePassword password,
            ClientRegistry clients,
            String database) {
        this.unix = unix;
        this.tcp = tcp;
        this.password = password;
        this.clients = clients;
        this.database = database;
    }

    /**
     * The fresh private socket directory an endpoint will listen in, made before anything listens, so that the
     * session can journal the socket's path before a client can connect ({@link #start(Reservation,
     * AuditedUpstream)}).
     */
    public static final class Reservation implements AutoCloseable {
        private final SocketDirectory directory;
        private final boolean tcp;

        private Reservation(SocketDirectory directory, boolean tcp) {
            this.directory = directory;
            this.tcp = tcp;
        }

        public Path socketPath() {
            return directory.socketPath();
        }

        public boolean tcp() {
            return tcp;
        }

        /** Gives the directory up (nothing was started in it). */
        @Override
        public void close() {
            directory.close();
        }
    }

    /** Makes the socket directory (nothing listens yet). */
    public static Reservation reserve(EndpointOptions options) throws IOException {
        return new Reservation(SocketDirectory.create(options.socketBase()), options.tcp());
    }

    /** Opens the socket (and the TCP port) and starts serving clients of {@code upstream}. */
    public static Endpoint start(EndpointOptions options, AuditedUpstream upstream) throws IOException {
        return start(reserve(options), upstream);
    }

    /** Starts listening in a reserved directory; on failure the directory is removed. */
    public static Endpoint start(Reservation reservation, AuditedUpstream upstream) throws IOException {
        var clients = new ClientRegistry();
        OneTimePassword password = reservation.tcp ? OneTimePassword.generate(new SecureRandom()) : null;
        var service = new ClientService(upstream, password == null ? null : password.verifier(), clients);
        var directory = reservation.directory;
        UnixSocketListener unix;
        try {
            unix = UnixSocketListener.open(directory, service);
        } catch (IOException e) {
            directory.close();
            throw e;
        }
        TcpListener tcp = null;
        if (reservation.tcp) {
            try {
                tcp = TcpListener.open(service);
            } catch (IOException e) {
                unix.close();
                throw e;
            }
        }
        return new Endpoint(unix, tcp, password, clients, upstream.terms().database());
    }

    /** The socket directory: {@code psql -h <this>}. */
    public Path socketDirectory() {
        return unix.directory().path();
    }

    public Path socketPath() {
        return unix.directory().socketPath();
    }

    public ConnectionStrings connectionStrings() {
        return ConnectionStrings.of(socketDirectory(), database);
    }

    /** The loopback address of the {@code --tcp} listener, if there is one. */
    public Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(tcp).map(TcpListener::address);
    }

    /** The {@code --tcp} one-time password (its characters can be revealed once). */
    public Optional<OneTimePassword> tcpPassword() {
        return Optional.ofNullable(password);
    }

    public List<ClientSummary> clients() {
        return clients.clients();
    }

    /** Drops one client with {@code FATAL 57P01}. */
    public boolean drop(String clientId, String reason) {
        return clients.drop(clientId, reason);
    }

    /** Stops listening, ends every client with {@code FATAL 57P01} and {@code reason}, removes the socket. */
    public void close(String reason) {
        unix.close();
        if (tcp != null) {
            tcp.close();
        }
        clients.endAll(reason);
        LOG.info("endpoint closed: {}", reason);
    }

    @Override
    public void close() {
        close("the break-glass session ended");
    }
}
