package org.kfm.breakglass.session;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.kube.DbCredentials;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's side of its PostgreSQL endpoint (issue 13, ADR 0021), handed out by {@link OpenEndpoint}: the terms
 * a client gets, the classifier, fresh tunnel streams, the session's own login, and the journal of what clients
 * do. Everything a client is about to do goes through {@link BreakGlassSession#perform} ({@link AdmitClient},
 * {@link RefuseClient}, {@link BeginClientStatement}, {@link DenyClientStatement}); outcomes and disconnects are
 * journaled after the fact. Client activity counts as activity for the idle timeout. Thread-safe: every client
 * connection calls it from its own threads.
 */
public final class EndpointAccess {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointAccess.class);

    /** What a client connecting now gets; its mode stays fixed for the connection. */
    public record Terms(AccessMode mode, String database, boolean redactParameters) {}

    private record Begun(EndpointClient client, String sql, String cls, String protocol) {}

    private final BreakGlassSession session;
    private final SessionContext ctx;
    private final SessionResources held;
    private final SessionJournal journal;
    private final TimeBox timeBox;
    private final Map<String, Begun> begun = new ConcurrentHashMap<>();

    EndpointAccess(
            BreakGlassSession session,
            SessionContext ctx,
            SessionResources held,
            SessionJournal journal,
            TimeBox timeBox) {
        this.session = session;
        this.ctx = ctx;
        this.held = held;
        this.journal = journal;
        this.timeBox = timeBox;
    }

    public Terms terms() {
        // The database the session logged in to: -d, or the Secret's own when -d was left out.
        String database = held.database().database();
        return new Terms(held.mode(), database != null ? database : ctx.database(), false);
    }

    /** Splits and classifies {@code sql} as the console's editor does, lexing as the client's server would. */
    public List<ClientStatementText> classify(String sql, boolean standardConformingStrings, int serverVersionNum) {
        return ClientClassification.classify(sql, standardConformingStrings, serverVersionNum);
    }

    /** A fresh stream through the tunnel to the current pod (a client's login, or a CancelRequest). */
    public Socket openStream() throws IOException {
        if (!PrivilegedAction.OPEN_STATES.contains(session.state())) {
            throw new IOException("the break-glass session is " + session.state() + ": no new database streams");
        }
        TunnelSupervisor tunnel = held.tunnel();
        return tunnel.openSocket();
    }

    /** The session's login as {@code mode}'s role, the Secret read now; its password stays in the session. */
    public ClientLogin login(AccessMode mode) throws SessionFailure {
        DbCredentials credentials = held.database().credentials(mode);
        try {
            return new ClientLogin(credentials.user(), credentials.password());
        } finally {
            credentials.destroy();
        }
    }

    /** {@code client.connect}, durable before the client's upstream login. */
    public void admit(EndpointClient client) throws ClientRecordRefused {
        perform(new AdmitClient(client));
    }

    /** {@code client.refused}. */
    public void refused(String peer, String transport, String reason) throws ClientRecordRefused {
        perform(new RefuseClient(peer, transport, reason));
    }

    /** {@code client.disconnect} (after the fact: a sink that cannot take it is logged). */
    public void disconnected(EndpointClient client, String reason) {
        afterTheFact(EventDraft.of(EventType.CLIENT_DISCONNECT).withDetail(client.describe() + ": " + reason));
    }

    /** {@code query.begin}, durable before the statement is forwarded; returns its ticket. */
    public String begin(EndpointClient client, String sql, String cls, String protocol, List<String> parameters)
            throws ClientRecordRefused {
        perform(new BeginClientStatement(client, sql, cls, protocol, parameters));
        String ticket = UUID.randomUUID().toString();
        begun.put(ticket, new Begun(client, sql, cls, protocol));
        return ticket;
    }

    /** {@code query.denied}: refused by the endpoint, nothing of it sent. */
    public void denied(EndpointClient client, String sql, String cls, String reason, String sqlstate)
            throws ClientRecordRefused {
        perform(new DenyClientStatement(client, sql, cls, reason, sqlstate));
    }

    /** {@code query.end} with the CommandComplete tag (null when a suspended portal was closed early). */
    public void completed(
            String ticket,
            String tag,
            long rows,
            long copyBytes,
            List<String> columns,
            String resultSha256,
            double durationMs) {
        Begun b = take(ticket);
        if (b == null) {
            return;
        }
        journal.outcome(EventDraft.of(EventType.QUERY_END)
                .withStatement(new StatementRecord(
                        b.sql(),
                        b.cls(),
                        rows,
                        durationMs,
                        null,
                        columns,
                        resultSha256,
                        null,
                        b.client().clientId(),
                        b.protocol(),
                        null,
                        tag,
                        copyBytes == 0 ? null : copyBytes)));
    }

    /** {@code query.failed} with the server's SQLSTATE. */
    public void failed(String ticket, String sqlstate, String message, long rows, double durationMs) {
        Begun b = take(ticket);
        if (b != null) {
            journal.outcome(failedDraft(b, sqlstate, message, rows, durationMs));
        }
    }

    /** {@code query.failed} without a SQLSTATE: sent, but the server never ran it. */
    public void notRun(String ticket, String reason) {
        Begun b = take(ticket);
        if (b != null) {
            journal.outcome(failedDraft(b, null, reason, 0, 0.0));
        }
    }

    /**
     * The server did what the endpoint's checks should have made impossible: {@code endpoint.alarm}, then the
     * session ends as after the console's own integrity alarm (every later action refused, naming it).
     */
    public void alarm(EndpointClient client, String reason) {
        afterTheFact(EventDraft.of(EventType.ENDPOINT_ALARM).withDetail(client.describe() + ": " + reason));
        held.alarm("endpoint alarm: " + reason);
        Thread.ofVirtual().name("endpoint-alarm").start(session::endOnAlarm);
    }

    private EventDraft failedDraft(Begun b, String sqlstate, String message, long rows, double durationMs) {
        return EventDraft.of(EventType.QUERY_FAILED)
                .withStatement(new StatementRecord(
                        b.sql(),
                        b.cls(),
                        rows,
                        durationMs,
                        sqlstate,
                        null,
                        null,
                        message,
                        b.client().clientId(),
                        b.protocol(),
                        null,
                        null,
                        null));
    }

    private Begun take(String ticket) {
        timeBox.touch();
        Begun b = begun.remove(ticket);
        if (b == null) {
            LOG.warn("an outcome for unknown statement ticket {} was not journaled", ticket);
        }
        return b;
    }

    private void perform(PrivilegedAction<Void> action) throws ClientRecordRefused {
        try {
            session.perform(action);
        } catch (SessionFailure e) {
            throw ClientRecordRefused.of(e);
        }
    }

    private void afterTheFact(EventDraft draft) {
        try {
            journal.afterTheFact(draft);
        } catch (IllegalStateException e) {
            LOG.warn("{} not journaled: the session has ended", draft.type());
        }
    }
}
