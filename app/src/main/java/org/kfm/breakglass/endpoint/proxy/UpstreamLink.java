package org.kfm.breakglass.endpoint.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.endpoint.upstream.AuditedUpstream;
import org.kfm.breakglass.endpoint.upstream.ClientTerms;
import org.kfm.breakglass.endpoint.upstream.LexicalSettings;
import org.kfm.breakglass.endpoint.upstream.UpstreamLogin;
import org.kfm.breakglass.endpoint.upstream.UpstreamStream;
import org.kfm.breakglass.endpoint.wire.BackendDecoder;
import org.kfm.breakglass.endpoint.wire.BackendMessages;
import org.kfm.breakglass.endpoint.wire.BackendReader;
import org.kfm.breakglass.endpoint.wire.ByteSink;
import org.kfm.breakglass.endpoint.wire.ByteSource;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.FrontendMessages;
import org.kfm.breakglass.endpoint.wire.ProtocolViolation;
import org.kfm.breakglass.endpoint.wire.ServerNotice;
import org.kfm.breakglass.endpoint.wire.WireInput;
import org.kfm.breakglass.endpoint.wire.WireOutput;
import org.kfm.breakglass.session.AccessMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to the database, logged in as the session (never as the client): the startup packet
 * names the session's database user and the session's database, carries the client's checked settings, and in
 * read-only mode {@code default_transaction_read_only=on}, which the server then enforces for every transaction.
 * The login is SCRAM-SHA-256, its messages computed by the session's {@link UpstreamLogin}; a server asking for
 * another method (cleartext, MD5, Kerberos) is refused. After login the server's read-only setting is checked as
 * reported (PostgreSQL 14 and later report it).
 */
final class UpstreamLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLink.class);
    private static final String SCRAM = "SCRAM-SHA-256";

    private final UpstreamStream stream;
    private final BackendReader fromServer;
    private final WireOutput toServer;
    private final Map<String, String> parameters;
    private final List<Frame> startupReplies;
    private final int processId;
    private final int secretKey;
    private final char status;

    private UpstreamLink(
            UpstreamStream stream,
            BackendReader fromServer,
            WireOutput toServer,
            Map<String, String> parameters,
            List<Frame> startupReplies,
            int processId,
            int secretKey,
            char status) {
        this.stream = stream;
        this.fromServer = fromServer;
        this.toServer = toServer;
        this.parameters = parameters;
        this.startupReplies = startupReplies;
        this.processId = processId;
        this.secretKey = secretKey;
        this.status = status;
    }

    /** Opens a stream, logs in as the session and reads up to the first ReadyForQuery. */
    static UpstreamLink open(AuditedUpstream upstream, ClientTerms terms, Map<String, String> clientSettings)
            throws LoginFailed {
        UpstreamStream stream;
        try {
            stream = upstream.openStream();
        } catch (IOException e) {
            throw new LoginFailed(ServerNotice.fatal(
                    "08006", "the break-glass session cannot reach the database: " + e.getMessage(), null, null));
        }
        try {
            return login(stream, upstream.login(terms), terms, clientSettings);
        } catch (UpstreamLogin.LoginRefused e) {
            closeQuietly(stream);
            throw new LoginFailed(ServerNotice.fatal(
                    "28000", "the break-glass session cannot log in: " + e.getMessage(), null, null));
        } catch (LoginFailed e) {
            closeQuietly(stream);
            throw e;
        } catch (IOException e) {
            closeQuietly(stream);
            throw new LoginFailed(ServerNotice.fatal(
                    "08006", "the database connection failed during login: " + e.getMessage(), null, null));
        } catch (ProtocolViolation e) {
            closeQuietly(stream);
            throw new LoginFailed(ServerNotice.fatal(
                    "08P01", "the database's login replies are not valid protocol: " + e.getMessage(), null, null));
        }
    }

    private static UpstreamLink login(
            UpstreamStream stream, UpstreamLogin login, ClientTerms terms, Map<String, String> clientSettings)
            throws IOException, ProtocolViolation, LoginFailed {
        var input = new WireInput(ByteSource.of(stream.input()));
        var reader = new BackendReader(input);
        var output = new WireOutput(ByteSink.of(stream.output()));
        var startup = new LinkedHashMap<String, String>();
        startup.put("user", login.user());
        startup.put("database", terms.database());
        startup.putAll(clientSettings);
        if (terms.mode() == AccessMode.READ_ONLY) {
            startup.put("default_transaction_read_only", "on");
        }
        output.write(FrontendMessages.startupMessage(startup));
        output.flush();
        authenticate(reader, output, login);
        var parameters = new LinkedHashMap<String, String>();
        var replies = new ArrayList<Frame>();
        int pid = 0;
        int key = 0;
        while (true) {
            var header = reader.readHeader();
            if (header == null) {
                throw new IOException("the database closed the connection after login");
            }
            var frame = reader.readFrame(header);
            switch (header.type()) {
                case 'S' -> {
                    var status = BackendDecoder.parameterStatus(frame.body());
                    parameters.put(status.name(), status.value());
                    replies.add(frame);
                }
                case 'K' -> {
                    var keyData = BackendDecoder.backendKeyData(frame.body());
                    pid = keyData.processId();
                    key = keyData.secretKey();
                }
                case 'N' -> replies.add(frame);
                case 'E' -> throw new LoginFailed(BackendDecoder.notice(frame.body()));
                case 'Z' -> {
                    char status = BackendDecoder.readyForQuery(frame.body());
                    checkReadOnly(terms, parameters);
                    return new UpstreamLink(
                            stream,
                            reader,
                            output,
                            Collections.unmodifiableMap(parameters),
                            List.copyOf(replies),
                            pid,
                            key,
                            status);
                }
                default -> throw new ProtocolViolation("unexpected '" + header.type() + "' message after the login");
            }
        }
    }

    private static void authenticate(BackendReader reader, WireOutput output, UpstreamLogin login)
            throws IOException, ProtocolViolation, LoginFailed {
        while (true) {
            var header = reader.readHeader();
            if (header == null) {
                throw new IOException("the database closed the connection during login");
            }
            var frame = reader.readFrame(header);
            if (header.type() == 'E') {
                throw new LoginFailed(BackendDecoder.notice(frame.body()));
            }
            if (header.type() == 'N') {
                continue;
            }
            if (header.type() != 'R') {
                throw new ProtocolViolation("expected an authentication request, got '" + header.type() + "'");
            }
            var request = BackendDecoder.authentication(frame.body());
            try {
                switch (request.code()) {
                    case BackendMessages.AUTH_OK -> {
                        return;
                    }
                    case BackendMessages.AUTH_SASL -> {
                        var mechanisms = BackendDecoder.saslMechanisms(request.data());
                        if (!mechanisms.contains(SCRAM)) {
                            throw refusedMethod("SASL with " + mechanisms);
                        }
                        output.write(FrontendMessages.saslInitialResponse(SCRAM, login.clientFirst()));
                    }
                    case BackendMessages.AUTH_SASL_CONTINUE ->
                        output.write(FrontendMessages.saslResponse(login.clientFinal(request.data())));
                    case BackendMessages.AUTH_SASL_FINAL -> login.verifyServerFinal(request.data());
                    case BackendMessages.AUTH_CLEARTEXT -> throw refusedMethod("a cleartext password");
                    case BackendMessages.AUTH_MD5 -> throw refusedMethod("MD5");
                    default -> throw refusedMethod("authentication method " + request.code());
                }
            } catch (UpstreamLogin.LoginRefused e) {
                throw new LoginFailed(ServerNotice.fatal(
                        "28000",
                        "the break-glass session refused the database's login: " + e.getMessage(),
                        null,
                        null));
            }
            output.flush();
        }
    }

    private static LoginFailed refusedMethod(String method) {
        return new LoginFailed(ServerNotice.fatal(
                "28000",
                "the database asked for " + method + "; the break-glass endpoint logs in with SCRAM-SHA-256 only",
                null,
                "set the role's password_encryption to scram-sha-256 on the server"));
    }

    /** Read-only must be what the server reports for the login (PostgreSQL 14+ reports it). */
    private static void checkReadOnly(ClientTerms terms, Map<String, String> parameters) throws LoginFailed {
        if (terms.mode() != AccessMode.READ_ONLY) {
            return;
        }
        String reported = parameters.get("default_transaction_read_only");
        int version = LexicalSettings.versionNumber(parameters.getOrDefault("server_version", "0"));
        if (reported == null && version < 140000) {
            LOG.info(
                    "server {} does not report default_transaction_read_only; relying on the startup setting",
                    parameters.get("server_version"));
            return;
        }
        if (!"on".equalsIgnoreCase(reported)) {
            throw new LoginFailed(ServerNotice.fatal(
                    "25006",
                    "the database reports default_transaction_read_only = " + reported
                            + " for a read-only session: the endpoint does not serve it",
                    null,
                    null));
        }
    }

    LexicalSettings lexical() {
        boolean on = !"off".equalsIgnoreCase(parameters.getOrDefault("standard_conforming_strings", "on"));
        return new LexicalSettings(on, LexicalSettings.versionNumber(parameters.getOrDefault("server_version", "0")));
    }

    Map<String, String> parameters() {
        return parameters;
    }

    /** ParameterStatus and NoticeResponse messages of the login, to pass on to the client. */
    List<Frame> startupReplies() {
        return startupReplies;
    }

    char status() {
        return status;
    }

    BackendReader fromServer() {
        return fromServer;
    }

    WireOutput toServer() {
        return toServer;
    }

    /** CancelRequest with this backend's key, on a fresh stream (the server closes it without a reply). */
    void cancel(AuditedUpstream upstream) {
        try (var cancelStream = upstream.openStream()) {
            var out = cancelStream.output();
            out.write(FrontendMessages.cancelRequest(processId, secretKey));
            out.flush();
            cancelStream.input().read();
        } catch (IOException e) {
            LOG.warn("sending a CancelRequest to the database failed: {}", e.getMessage());
        }
    }

    /** Terminate, then close the stream; the relay blocked on it returns. */
    @Override
    public void close() {
        var lock = toServer.lock();
        try {
            // not while the client side is stuck writing to a server that does not read
            if (lock.tryLock(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                try {
                    toServer.write(FrontendMessages.terminate());
                    toServer.flush();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the stream is already broken
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(stream);
    }

    private static void closeQuietly(UpstreamStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
