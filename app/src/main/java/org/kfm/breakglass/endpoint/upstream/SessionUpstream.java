package org.kfm.breakglass.endpoint.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import org.kfm.breakglass.session.ClientLogin;
import org.kfm.breakglass.session.ClientRecordRefused;
import org.kfm.breakglass.session.ClientStatementText;
import org.kfm.breakglass.session.EndpointAccess;
import org.kfm.breakglass.session.EndpointClient;
import org.kfm.breakglass.session.SessionFailure;

/**
 * The seam bound to a real break-glass session ({@link EndpointAccess}): streams are fresh tunnel streams, the
 * login is the session's own (SCRAM computed in the session, the password never here), statements are classified
 * by the session's classifier, and every journal call goes through the session's one door or its after-the-fact
 * records.
 */
public final class SessionUpstream implements AuditedUpstream, ClientJournal {
    private final EndpointAccess access;

    public SessionUpstream(EndpointAccess access) {
        this.access = access;
    }

    @Override
    public ClientTerms terms() {
        var t = access.terms();
        return new ClientTerms(t.mode(), t.database(), t.redactParameters());
    }

    @Override
    public List<ClientStatement> classify(String sql, LexicalSettings settings) {
        return access.classify(sql, settings.standardConformingStrings(), settings.serverVersionNum()).stream()
                .map(SessionUpstream::statement)
                .toList();
    }

    @Override
    public UpstreamStream openStream() throws IOException {
        Socket socket = access.openStream();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        return new UpstreamStream() {
            @Override
            public InputStream input() {
                return in;
            }

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public String describe() {
                return "the session's tunnel";
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    @Override
    public UpstreamLogin login(ClientTerms terms) throws UpstreamLogin.LoginRefused {
        ClientLogin login;
        try {
            login = access.login(terms.mode());
        } catch (SessionFailure e) {
            throw new UpstreamLogin.LoginRefused(e.getMessage());
        }
        return new UpstreamLogin() {
            @Override
            public String user() {
                return login.user();
            }

            @Override
            public byte[] clientFirst() {
                return login.clientFirst();
            }

            @Override
            public byte[] clientFinal(byte[] serverFirst) throws LoginRefused {
                try {
                    return login.clientFinal(serverFirst);
                } catch (SessionFailure e) {
                    throw new LoginRefused(e.getMessage());
                }
            }

            @Override
            public void verifyServerFinal(byte[] serverFinal) throws LoginRefused {
                try {
                    login.verifyServerFinal(serverFinal);
                } catch (SessionFailure e) {
                    throw new LoginRefused(e.getMessage());
                }
            }
        };
    }

    @Override
    public ClientJournal journal() {
        return this;
    }

    @Override
    public void clientConnected(ClientRecord client) throws AuditUnavailable {
        try {
            access.admit(client(client));
        } catch (ClientRecordRefused e) {
            throw unavailable(e);
        }
    }

    @Override
    public void clientRefused(PeerRecord peer, String reason) throws AuditUnavailable {
        try {
            access.refused(peer.peer(), peer.transport(), reason);
        } catch (ClientRecordRefused e) {
            throw unavailable(e);
        }
    }

    @Override
    public void clientDisconnected(ClientRecord client, String reason) {
        access.disconnected(client(client), reason);
    }

    @Override
    public StatementTicket begin(ClientRecord client, StatementStart start) throws AuditUnavailable {
        try {
            return new StatementTicket(access.begin(
                    client(client), start.sql(), start.auditClass().name(), start.protocol(), start.parameters()));
        } catch (ClientRecordRefused e) {
            throw unavailable(e);
        }
    }

    @Override
    public void denied(ClientRecord client, StatementDenial denial) throws AuditUnavailable {
        try {
            access.denied(client(client), denial.sql(), denial.auditClass().name(), denial.reason(), denial.sqlstate());
        } catch (ClientRecordRefused e) {
            throw unavailable(e);
        }
    }

    @Override
    public void finished(StatementTicket ticket, StatementOutcome outcome) {
        switch (outcome) {
            case StatementOutcome.Completed c ->
                access.completed(
                        ticket.id(), c.tag(), c.rows(), c.copyBytes(), c.columns(), c.resultSha256(), c.durationMs());
            case StatementOutcome.Failed f ->
                access.failed(ticket.id(), f.sqlstate(), f.message(), f.rows(), f.durationMs());
            case StatementOutcome.NotRun n -> access.notRun(ticket.id(), n.reason());
        }
    }

    @Override
    public void alarm(ClientRecord client, String reason) {
        access.alarm(client(client), reason);
    }

    private static EndpointClient client(ClientRecord c) {
        return new EndpointClient(
                c.clientId(), c.peer(), c.transport(), c.applicationName(), c.database(), c.clientUser());
    }

    private static AuditUnavailable unavailable(ClientRecordRefused e) {
        return new AuditUnavailable(e.sink(), e.getMessage());
    }

    private static ClientStatement statement(ClientStatementText s) {
        return new ClientStatement(
                s.sql(),
                AuditClass.valueOf(s.cls()),
                s.reason(),
                s.unsendable(),
                s.words().stream()
                        .map(w -> new SqlWord(SqlWord.Kind.valueOf(w.kind().name()), w.value()))
                        .toList(),
                s.calls());
    }
}
