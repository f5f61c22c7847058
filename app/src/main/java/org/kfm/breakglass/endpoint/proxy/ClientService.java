package org.kfm.breakglass.endpoint.proxy;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.kfm.breakglass.endpoint.auth.ScramVerifier;
import org.kfm.breakglass.endpoint.socket.ClientChannel;
import org.kfm.breakglass.endpoint.socket.ConnectionHandler;
import org.kfm.breakglass.endpoint.upstream.AuditUnavailable;
import org.kfm.breakglass.endpoint.upstream.AuditedUpstream;
import org.kfm.breakglass.endpoint.upstream.ClientRecord;
import org.kfm.breakglass.endpoint.upstream.PeerRecord;
import org.kfm.breakglass.endpoint.wire.BackendMessages;
import org.kfm.breakglass.endpoint.wire.FrontendReader;
import org.kfm.breakglass.endpoint.wire.ProtocolViolation;
import org.kfm.breakglass.endpoint.wire.ServerNotice;
import org.kfm.breakglass.endpoint.wire.WireInput;
import org.kfm.breakglass.endpoint.wire.WireOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one accepted connection from its first byte: the handshake, the {@code --tcp} password check, the
 * client's startup settings, {@code client.connect} made durable, the login upstream as the session, and then
 * the {@link ClientConnection}. A login that does not finish within {@link #LOGIN_TIMEOUT_MS} is closed (like the
 * server's {@code authentication_timeout}).
 */
public final class ClientService implements ConnectionHandler {
    static final long LOGIN_TIMEOUT_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(ClientService.class);

    private final AuditedUpstream upstream;
    private final ScramVerifier tcpPassword;
    private final ClientRegistry registry;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param tcpPassword the one-time password's verifier, checked on TCP connections (which carry no peer
     *     credentials); null when there is no TCP listener
     */
    public ClientService(AuditedUpstream upstream, ScramVerifier tcpPassword, ClientRegistry registry) {
        this.upstream = upstream;
        this.tcpPassword = tcpPassword;
        this.registry = registry;
    }

    @Override
    public void refuse(ClientChannel channel, String reason) {
        LOG.warn("refused a connection: {}", reason);
        try {
            upstream.journal().clientRefused(new PeerRecord(channel.peer(), channel.transport()), reason);
        } catch (AuditUnavailable e) {
            LOG.warn("client.refused not journaled ({}): {}", e.sink(), e.getMessage());
        }
        var out = new WireOutput(channel.sink());
        try {
            out.write(BackendMessages.errorResponse(
                    ServerNotice.fatal("28000", "refused by the break-glass endpoint: " + reason, null, null)));
            out.flush();
        } catch (IOException ignored) {
            // it is gone already
        }
        channel.close();
    }

    @Override
    public void serve(ClientChannel channel) {
        var loggedIn = new AtomicBoolean();
        Thread.ofVirtual().name("endpoint-login-timeout").start(() -> {
            try {
                Thread.sleep(LOGIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (!loggedIn.get()) {
                channel.close();
            }
        });
        var reader = new FrontendReader(new WireInput(channel.source()));
        var out = new WireOutput(channel.sink());
        try {
            switch (ClientHandshake.run(reader, out)) {
                case ClientHandshake.Result.Gone gone -> channel.close();
                case ClientHandshake.Result.Cancel cancel -> {
                    if (!registry.cancel(cancel.processId(), cancel.secretKey())) {
                        LOG.info("a CancelRequest with an unknown key was ignored");
                    }
                    channel.close();
                }
                case ClientHandshake.Result.Hello hello -> {
                    var connection = login(channel, reader, out, hello);
                    loggedIn.set(true);
                    if (connection != null) {
                        connection.serve();
                    }
                }
            }
        } catch (ProtocolViolation violation) {
            LOG.info("a client broke the protocol before login: {}", violation.getMessage());
            sendFatal(out, ServerNotice.fatal("08P01", violation.getMessage(), null, null));
            channel.close();
        } catch (IOException e) {
            LOG.debug("a client left before login: {}", e.getMessage());
            channel.close();
        }
    }

    private ClientConnection login(
            ClientChannel channel, FrontendReader reader, WireOutput out, ClientHandshake.Result.Hello hello)
            throws IOException, ProtocolViolation {
        var terms = upstream.terms();
        var parameters = hello.startup().parameters();
        var record = new ClientRecord(
                "c" + ids.incrementAndGet(),
                channel.peer(),
                channel.transport(),
                parameters.getOrDefault("application_name", ""),
                parameters.getOrDefault("database", parameters.getOrDefault("user", "")),
                parameters.getOrDefault("user", ""));
        StartupSettings settings;
        try {
            settings = StartupSettings.check(parameters, terms);
            if (channel.transport().equals("tcp")) {
                if (tcpPassword == null) {
                    throw new LoginFailed(ServerNotice.fatal("28000", "TCP connections are not served", null, null));
                }
                ScramLogin.authenticate(reader, out, tcpPassword, record.clientUser());
            }
        } catch (LoginFailed e) {
            refuse(channel, out, record, e.notice());
            return null;
        }
        try {
            upstream.journal().clientConnected(record);
        } catch (AuditUnavailable e) {
            sendFatal(
                    out,
                    ServerNotice.fatal(
                            "58000",
                            "refused by the break-glass endpoint: the audit sink '" + e.sink()
                                    + "' cannot record the connection (" + e.getMessage() + ")",
                            null,
                            "a client connects only once its audit record is durable: retry when the sink is back"));
            channel.close();
            return null;
        }
        UpstreamLink link;
        try {
            link = UpstreamLink.open(upstream, terms, settings.settings());
        } catch (LoginFailed e) {
            sendFatal(out, e.notice());
            channel.close();
            disconnected(record, "the login to the database failed: " + e.getMessage());
            return null;
        }
        var connection = new ClientConnection(
                channel,
                reader,
                out,
                link,
                upstream,
                record,
                terms,
                "breakglass-probe-" + HexFormat.of().formatHex(randomBytes(8)),
                registry::remove);
        int[] key = registry.register(connection);
        var lock = out.lock();
        lock.lock();
        try {
            out.write(BackendMessages.authenticationOk());
            if (settings.notice() != null) {
                out.write(BackendMessages.noticeResponse(settings.notice()));
            }
            for (var frame : link.startupReplies()) {
                out.write(frame);
            }
            out.write(BackendMessages.backendKeyData(key[0], key[1]));
            out.write(BackendMessages.readyForQuery(link.status()));
            out.flush();
        } finally {
            lock.unlock();
        }
        LOG.info(
                "client {} connected over {} as {} ({})",
                record.clientId(),
                record.transport(),
                record.peer(),
                record.applicationName());
        return connection;
    }

    private void refuse(ClientChannel channel, WireOutput out, ClientRecord record, ServerNotice notice) {
        try {
            upstream.journal().clientRefused(new PeerRecord(record.peer(), record.transport()), notice.message());
        } catch (AuditUnavailable e) {
            LOG.warn("client.refused not journaled ({}): {}", e.sink(), e.getMessage());
        }
        sendFatal(out, notice);
        channel.close();
    }

    private void disconnected(ClientRecord record, String reason) {
        try {
            upstream.journal().clientDisconnected(record, reason);
        } catch (AuditUnavailable e) {
            LOG.warn("client.disconnect not journaled ({}): {}", e.sink(), e.getMessage());
        }
    }

    private static void sendFatal(WireOutput out, ServerNotice notice) {
        try {
            out.write(BackendMessages.errorResponse(notice));
            out.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
