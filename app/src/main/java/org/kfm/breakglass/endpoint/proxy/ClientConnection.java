package org.kfm.breakglass.endpoint.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kfm.breakglass.endpoint.proxy.ConnectionState.ConnectionClosed;
import org.kfm.breakglass.endpoint.socket.ClientChannel;
import org.kfm.breakglass.endpoint.upstream.AuditClass;
import org.kfm.breakglass.endpoint.upstream.AuditUnavailable;
import org.kfm.breakglass.endpoint.upstream.AuditedUpstream;
import org.kfm.breakglass.endpoint.upstream.ClientJournal;
import org.kfm.breakglass.endpoint.upstream.ClientRecord;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;
import org.kfm.breakglass.endpoint.upstream.ClientTerms;
import org.kfm.breakglass.endpoint.upstream.StatementDenial;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.endpoint.upstream.StatementStart;
import org.kfm.breakglass.endpoint.upstream.StatementTicket;
import org.kfm.breakglass.endpoint.wire.BackendMessages;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.FrontendDecoder;
import org.kfm.breakglass.endpoint.wire.FrontendMessage;
import org.kfm.breakglass.endpoint.wire.FrontendMessages;
import org.kfm.breakglass.endpoint.wire.FrontendReader;
import org.kfm.breakglass.endpoint.wire.ProtocolViolation;
import org.kfm.breakglass.endpoint.wire.ServerNotice;
import org.kfm.breakglass.endpoint.wire.WireOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection after login: reads each client message, decides, journals, and only then forwards it
 * unchanged; its {@link ResponseRelay} carries the server's replies back. A statement the rules refuse, or one
 * whose {@code query.begin} cannot be made durable, is never sent: the endpoint sends the server a probe that
 * can only fail ({@code Describe} of a statement name no client can create) so the server's transaction state
 * moves exactly as if the statement had failed there, and the relay puts the refusal in the place of the probe's
 * error. Everything the client sends after a refused extended-query message up to its Sync is dropped, as the
 * server would skip it.
 */
final class ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private final ClientChannel channel;
    private final FrontendReader reader;
    private final WireOutput toClient;
    private final UpstreamLink link;
    private final AuditedUpstream upstream;
    private final ClientJournal journal;
    private final ClientRecord record;
    private final ClientTerms terms;
    private final ClientGate gate;
    private final ConnectionState state = new ConnectionState();
    private final String probeName;
    private final java.util.function.Consumer<ClientConnection> onEnd;
    private static final int END_WAIT_SECONDS = 5;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Counted down once the first end() has journaled client.disconnect. */
    private final CountDownLatch endJournaled = new CountDownLatch(1);

    private volatile Thread endingThread;
    private final long since = System.currentTimeMillis();
    private volatile long statements;

    private long batch;
    private boolean discardUntilSync;
    private boolean extendedOpen;

    ClientConnection(
            ClientChannel channel,
            FrontendReader reader,
            WireOutput toClient,
            UpstreamLink link,
            AuditedUpstream upstream,
            ClientRecord record,
            ClientTerms terms,
            String probeName,
            java.util.function.Consumer<ClientConnection> onEnd) {
        this.channel = channel;
        this.reader = reader;
        this.toClient = toClient;
        this.link = link;
        this.upstream = upstream;
        this.journal = upstream.journal();
        this.record = record;
        this.terms = terms;
        this.probeName = probeName;
        this.onEnd = onEnd;
        this.state.lexical = link.lexical();
        this.gate = new ClientGate(terms.mode(), link.lexical().standardConformingStrings());
    }

    ClientRecord record() {
        return record;
    }

    long since() {
        return since;
    }

    long statements() {
        return statements;
    }

    ConnectionState state() {
        return state;
    }

    ClientTerms terms() {
        return terms;
    }

    UpstreamLink link() {
        return link;
    }

    WireOutput toClient() {
        return toClient;
    }

    ClientJournal journal() {
        return journal;
    }

    String probeName() {
        return probeName;
    }

    /** Serves the client until either side ends; runs on the connection's own thread. */
    void serve() {
        reader.input().onIdle(this::flushUpstream);
        Thread.ofVirtual().name("endpoint-relay-" + record.clientId()).start(new ResponseRelay(this));
        try {
            while (!ended.get()) {
                Frame frame = reader.readMessage(false);
                if (frame == null) {
                    end("the client closed the connection", null);
                    return;
                }
                handle(frame, FrontendDecoder.decode(frame));
            }
        } catch (ProtocolViolation violation) {
            LOG.info("client {}: protocol violation: {}", record.clientId(), violation.getMessage());
            end("protocol violation: " + violation.getMessage(), fatal("08P01", violation.getMessage()));
        } catch (ConnectionClosed closed) {
            // ended by the relay or the endpoint
        } catch (IOException e) {
            end("the client connection failed: " + e.getMessage(), null);
        }
    }

    private void handle(Frame frame, FrontendMessage message) throws IOException, ProtocolViolation, ConnectionClosed {
        if (copyInActive()) {
            copyIn(frame, message);
            return;
        }
        switch (message) {
            case FrontendMessage.Query q -> query(frame, q);
            case FrontendMessage.Parse p -> parse(frame, p);
            case FrontendMessage.Bind b -> bind(frame, b);
            case FrontendMessage.Execute e -> execute(frame, e);
            case FrontendMessage.Describe d -> describe(frame, d);
            case FrontendMessage.Close c -> close(frame, c);
            case FrontendMessage.Sync s -> sync(frame);
            case FrontendMessage.Flush f -> {
                if (!dropping()) {
                    forward(frame);
                }
            }
            case FrontendMessage.CopyData d -> {
                // not in COPY: the server ignores it, so it is not sent at all
            }
            case FrontendMessage.CopyDone d -> {}
            case FrontendMessage.CopyFail f -> {}
            case FrontendMessage.FunctionCall f -> functionCall(f);
            case FrontendMessage.Terminate t -> end("the client ended the connection (Terminate)", null);
        }
    }

    // ---- simple protocol ------------------------------------------------------------------------------------

    private void query(Frame frame, FrontendMessage.Query query) throws ProtocolViolation, ConnectionClosed {
        if (extendedOpen) {
            throw new ProtocolViolation(
                    "a simple Query inside an unfinished extended-query batch: send Sync before a Query");
        }
        List<ClientStatement> parts = upstream.classify(query.sql(), state.lexical());
        int refused = -1;
        Verdict.Refuse refusal = null;
        for (int i = 0; i < parts.size() && refusal == null; i++) {
            if (gate.check(parts.get(i)) instanceof Verdict.Refuse r) {
                refused = i;
                refusal = r;
            }
        }
        if (refusal != null) {
            String sinkProblem = denyAll(parts, refused, refusal);
            refuseSimple(refusalNotice(refusal, parts.size() > 1 ? refused + 1 : 0, parts.size(), sinkProblem));
            return;
        }
        var runs = new ArrayList<StatementRun>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            var part = parts.get(i);
            try {
                var ticket = journal.begin(
                        record,
                        new StatementStart(part.sql(), part.auditClass(), "simple", List.of(), i + 1, parts.size()));
                runs.add(new StatementRun(ticket, List::of));
            } catch (AuditUnavailable e) {
                for (var begun : runs) {
                    finishQuietly(
                            begun.ticket(),
                            new StatementOutcome.NotRun("not sent: the audit sink '" + e.sink()
                                    + "' could not record statement " + (i + 1) + " of the same Query"));
                }
                refuseSimple(sinkNotice(e));
                return;
            }
        }
        statements += parts.size();
        state.enqueue(new Expectation.QueryExpected(batch, parts, runs));
        forward(frame);
        batch++;
    }

    private void functionCall(FrontendMessage.FunctionCall call) throws ConnectionClosed {
        if (extendedOpen) {
            return; // as for a Query: the client must Sync first; the server would not get it either
        }
        var reason = "the fast-path function call (FunctionCall message, function OID " + call.functionOid()
                + ") is not served";
        String sinkProblem = null;
        try {
            journal.denied(
                    record,
                    new StatementDenial("FunctionCall " + call.functionOid(), AuditClass.FUNCTION, reason, "0A000"));
        } catch (AuditUnavailable e) {
            sinkProblem = sinkWords(e);
        }
        refuseSimple(notice(
                "0A000", reason + (sinkProblem == null ? "" : "; " + sinkProblem), "call the function in a statement"));
    }

    // ---- extended protocol ----------------------------------------------------------------------------------

    private void parse(Frame frame, FrontendMessage.Parse parse) throws ConnectionClosed {
        if (dropping()) {
            return;
        }
        extendedOpen = true;
        if (parse.statement().equals(probeName)) {
            refuseExtended(notice("42P05", "the statement name '" + parse.statement() + "' is reserved", null));
            return;
        }
        List<ClientStatement> parts = upstream.classify(parse.sql(), state.lexical());
        if (parts.size() > 1) {
            var reason = "cannot insert multiple commands into a prepared statement (" + parts.size()
                    + " statements in one Parse)";
            String sinkProblem = null;
            try {
                journal.denied(
                        record, new StatementDenial(parse.sql(), parts.get(0).auditClass(), reason, "42601"));
            } catch (AuditUnavailable e) {
                sinkProblem = sinkWords(e);
            }
            refuseExtended(notice("42601", reason + (sinkProblem == null ? "" : "; " + sinkProblem), null));
            return;
        }
        ClientStatement statement = parts.isEmpty() ? emptyStatement(parse.sql()) : parts.get(0);
        if (gate.check(statement) instanceof Verdict.Refuse refusal) {
            String sinkProblem = null;
            try {
                journal.denied(
                        record,
                        new StatementDenial(parse.sql(), statement.auditClass(), refusal.reason(), refusal.sqlstate()));
            } catch (AuditUnavailable e) {
                sinkProblem = sinkWords(e);
            }
            refuseExtended(refusalNotice(refusal, 0, 1, sinkProblem));
            return;
        }
        if (state.enqueue(
                new Expectation.ParseExpected(batch, parse.statement(), new Prepared(parse.sql(), statement)))) {
            forward(frame);
        }
    }

    private void bind(Frame frame, FrontendMessage.Bind bind) throws ConnectionClosed {
        if (dropping()) {
            return;
        }
        extendedOpen = true;
        Prepared prepared = state.statement(bind.statement(), batch, this::flushUpstream);
        if (prepared == null) {
            refuseExtended(notice(
                    "26000",
                    "prepared statement \"" + bind.statement() + "\" does not exist",
                    "the endpoint binds only statements it saw parsed on this connection"));
            return;
        }
        var portal = new Portal(bind.portal(), prepared, ParameterText.of(bind, terms.redactParameters()));
        if (state.enqueue(new Expectation.BindExpected(batch, bind.portal(), portal))) {
            forward(frame);
        }
    }

    private void describe(Frame frame, FrontendMessage.Describe describe) throws ConnectionClosed {
        if (dropping()) {
            return;
        }
        extendedOpen = true;
        var expectation = describe.kind() == 'P'
                ? new Expectation.DescribeExpected(
                        batch, 'P', describe.name(), state.peekPortal(describe.name(), batch), null)
                : new Expectation.DescribeExpected(
                        batch, 'S', describe.name(), null, state.peekStatement(describe.name(), batch));
        if (state.enqueue(expectation)) {
            forward(frame);
        }
    }

    private void execute(Frame frame, FrontendMessage.Execute execute) throws ConnectionClosed {
        if (dropping()) {
            return;
        }
        extendedOpen = true;
        Portal portal = state.portal(execute.portal(), batch, this::flushUpstream);
        if (portal == null) {
            refuseExtended(notice("34000", "portal \"" + execute.portal() + "\" does not exist", null));
            return;
        }
        ClientStatement statement = portal.prepared().statement();
        if (gate.check(statement) instanceof Verdict.Refuse refusal) {
            refuseExtended(refusalNotice(refusal, 0, 1, null));
            return;
        }
        StatementRun run = continuingRun(execute.portal(), portal);
        boolean fresh = run == null;
        if (fresh) {
            try {
                StatementTicket ticket = journal.begin(
                        record,
                        new StatementStart(
                                portal.prepared().sql(),
                                statement.auditClass(),
                                "extended",
                                portal.parameters(),
                                1,
                                1));
                run = new StatementRun(ticket, portal::columns);
            } catch (AuditUnavailable e) {
                refuseExtended(sinkNotice(e));
                return;
            }
            statements++;
        }
        if (!state.enqueue(new Expectation.ExecuteExpected(batch, execute.portal(), run))) {
            if (fresh) {
                finishQuietly(
                        run.ticket(),
                        new StatementOutcome.NotRun("not run: an earlier message of the same batch failed"));
            }
            return;
        }
        if (fresh) {
            replaceOpenRun(execute.portal(), portal, run);
        }
        forward(frame);
    }

    /** The run a new Execute of the same bound portal continues (after PortalSuspended), or null for a new one. */
    private StatementRun continuingRun(String name, Portal portal) {
        state.lock.lock();
        try {
            var open = state.openRuns.get(name);
            return open != null && open.portal() == portal && open.run().open() ? open.run() : null;
        } finally {
            state.lock.unlock();
        }
    }

    private void replaceOpenRun(String name, Portal portal, StatementRun run) {
        StatementOutcome previous = null;
        StatementRun old = null;
        state.lock.lock();
        try {
            var replaced = state.openRuns.put(name, new ConnectionState.PortalRun(portal, run));
            if (replaced != null && replaced.run() != run && replaced.run().outstanding() == 0) {
                // a suspended run the client leaves for a new one; one still being answered finishes on its own
                old = replaced.run();
                old.closedEarly();
                previous = old.takeOutcome();
            }
        } finally {
            state.lock.unlock();
        }
        if (previous != null) {
            finish(old.ticket(), previous);
        }
    }

    private void close(Frame frame, FrontendMessage.Close close) throws ConnectionClosed {
        if (dropping()) {
            return;
        }
        extendedOpen = true;
        if (state.enqueue(new Expectation.CloseExpected(batch, close.kind(), close.name()))) {
            forward(frame);
        }
    }

    private void sync(Frame frame) throws ConnectionClosed {
        discardUntilSync = false;
        extendedOpen = false;
        state.enqueue(new Expectation.SyncExpected(batch));
        forward(frame);
        batch++;
    }

    private boolean dropping() {
        return discardUntilSync || state.skipping(batch);
    }

    // ---- COPY FROM STDIN (write mode only: read-only refuses it before it is sent) --------------------------

    private boolean copyInActive() {
        state.lock.lock();
        try {
            return state.copyIn;
        } finally {
            state.lock.unlock();
        }
    }

    private void copyIn(Frame frame, FrontendMessage message) throws ProtocolViolation {
        switch (message) {
            case FrontendMessage.CopyData d -> {
                state.lock.lock();
                try {
                    if (state.copyInRun != null) {
                        state.copyInRun.copyInBytes(d.length());
                    }
                } finally {
                    state.lock.unlock();
                }
                forward(frame);
            }
            case FrontendMessage.CopyDone d -> endCopyIn(frame);
            case FrontendMessage.CopyFail f -> endCopyIn(frame);
            // the server ignores Flush and Sync during COPY FROM STDIN (libpq may send them): no reply expected
            case FrontendMessage.Flush f -> forward(frame);
            case FrontendMessage.Sync s -> forward(frame);
            default -> throw new ProtocolViolation("message type '" + frame.typeChar() + "' during COPY FROM STDIN");
        }
    }

    private void endCopyIn(Frame frame) {
        state.lock.lock();
        try {
            state.copyIn = false;
        } finally {
            state.lock.unlock();
        }
        forward(frame);
    }

    // ---- refusals -------------------------------------------------------------------------------------------

    /** Journals every statement of a refused Query as denied; returns the sink problem, if any, in words. */
    private String denyAll(List<ClientStatement> parts, int refused, Verdict.Refuse refusal) {
        try {
            for (int i = 0; i < parts.size(); i++) {
                var part = parts.get(i);
                String reason = i == refused
                        ? refusal.reason()
                        : "not sent: statement " + (refused + 1) + " of the same Query was refused";
                journal.denied(
                        record,
                        new StatementDenial(
                                part.sql(), part.auditClass(), reason, i == refused ? refusal.sqlstate() : null));
            }
            return null;
        } catch (AuditUnavailable e) {
            return sinkWords(e);
        }
    }

    /** Probe + Sync: the client gets the refusal and the server's ReadyForQuery. */
    private void refuseSimple(ServerNotice refusal) throws ConnectionClosed {
        state.enqueue(new Expectation.RefusalExpected(batch, refusal));
        forward(FrontendMessages.describe('S', probeName));
        state.enqueue(new Expectation.SyncExpected(batch));
        forward(FrontendMessages.sync());
        batch++;
    }

    /** Probe only: the server skips to the client's Sync, and the endpoint drops what comes before it. */
    private void refuseExtended(ServerNotice refusal) throws ConnectionClosed {
        if (state.enqueue(new Expectation.RefusalExpected(batch, refusal))) {
            forward(FrontendMessages.describe('S', probeName));
        }
        discardUntilSync = true;
    }

    private ServerNotice refusalNotice(Verdict.Refuse refusal, int position, int count, String sinkProblem) {
        String where =
                position > 0 ? " (statement " + position + " of " + count + " in the message; none was sent)" : "";
        return notice(
                refusal.sqlstate(),
                "refused by the break-glass endpoint: " + refusal.reason() + where
                        + (sinkProblem == null ? "" : "; " + sinkProblem),
                refusal.hint());
    }

    private static ServerNotice sinkNotice(AuditUnavailable e) {
        return notice(
                "58000",
                "refused by the break-glass endpoint: " + sinkWords(e) + "; nothing was sent",
                "a statement runs only once its audit record is durable: retry when the sink is back");
    }

    private static String sinkWords(AuditUnavailable e) {
        return "the audit sink '" + e.sink() + "' cannot record it (" + e.getMessage() + ")";
    }

    private static ServerNotice notice(String sqlstate, String message, String hint) {
        return ServerNotice.error(sqlstate, message, null, hint);
    }

    private static ServerNotice fatal(String sqlstate, String message) {
        return ServerNotice.fatal(sqlstate, message, null, null);
    }

    private static ClientStatement emptyStatement(String sql) {
        return new ClientStatement(sql, AuditClass.MISC, "empty statement", null, List.of(), List.of());
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    private void forward(Frame frame) {
        try {
            link.toServer().write(frame);
        } catch (IOException e) {
            end(
                    "the database connection failed: " + e.getMessage(),
                    fatal("08006", "the database connection was lost"));
        }
    }

    private void flushUpstream() {
        try {
            link.toServer().flush();
        } catch (IOException e) {
            end(
                    "the database connection failed: " + e.getMessage(),
                    fatal("08006", "the database connection was lost"));
        }
    }

    void finish(StatementTicket ticket, StatementOutcome outcome) {
        try {
            journal.finished(ticket, outcome);
        } catch (AuditUnavailable e) {
            end(
                    "the audit sink '" + e.sink() + "' could not record a statement's end",
                    fatal(
                            "58000",
                            "the break-glass endpoint closes the connection: " + sinkWords(e)
                                    + " for a statement that already ran"));
        }
    }

    private void finishQuietly(StatementTicket ticket, StatementOutcome outcome) {
        try {
            journal.finished(ticket, outcome);
        } catch (AuditUnavailable e) {
            LOG.warn(
                    "client {}: could not journal the outcome of {}: {}",
                    record.clientId(),
                    ticket.id(),
                    e.getMessage());
        }
    }

    /** The server did what the endpoint's checks should have made impossible: journal it and drop the client. */
    void alarm(String reason) {
        LOG.warn("client {}: alarm: {}", record.clientId(), reason);
        try {
            journal.alarm(record, reason);
        } catch (AuditUnavailable e) {
            LOG.error("client {}: the alarm could not be journaled ({}): {}", record.clientId(), e.sink(), reason);
        }
        end("alarm: " + reason, fatal("XX000", "the break-glass endpoint closes the connection: " + reason));
    }

    /** Ends the connection once: the server side first (so the relay stops), then the client, then the journal. */
    void end(String reason, ServerNotice toClientNotice) {
        if (!ended.compareAndSet(false, true)) {
            // Already ending on another thread (the client left as the session ends): the session must not seal
            // before that end has journaled client.disconnect, so a second caller waits for it (bounded). A call
            // from within that end (a close calling back) returns at once.
            if (endingThread != Thread.currentThread()) {
                awaitEndJournaled();
            }
            return;
        }
        endingThread = Thread.currentThread();
        try {
            endOnce(reason, toClientNotice);
        } finally {
            endJournaled.countDown();
        }
    }

    private void awaitEndJournaled() {
        try {
            if (!endJournaled.await(END_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("client {}: its end did not finish within {} s", record.clientId(), END_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void endOnce(String reason, ServerNotice toClientNotice) {
        state.close();
        link.close();
        if (toClientNotice != null) {
            sendFinal(toClientNotice);
        }
        channel.close();
        for (var leftover : unfinished(reason)) {
            finishQuietly(leftover.ticket(), leftover.outcome());
        }
        try {
            journal.clientDisconnected(record, reason);
        } catch (AuditUnavailable e) {
            LOG.warn("client {}: client.disconnect not journaled ({}): {}", record.clientId(), e.sink(), reason);
        }
        LOG.info("client {} ({}) ended: {}", record.clientId(), record.applicationName(), reason);
        onEnd.accept(this);
    }

    /** Writes a last message unless the relay is stuck inside a message to a client that does not read. */
    private void sendFinal(ServerNotice notice) {
        var lock = toClient.lock();
        try {
            if (lock.tryLock(2, TimeUnit.SECONDS)) {
                try {
                    toClient.write(BackendMessages.errorResponse(notice));
                    toClient.flush();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private record Leftover(StatementTicket ticket, StatementOutcome outcome) {}

    private List<Leftover> unfinished(String reason) {
        var out = new ArrayList<Leftover>();
        state.lock.lock();
        try {
            var runs = new java.util.LinkedHashSet<StatementRun>();
            for (var e : state.pending) {
                if (e instanceof Expectation.ExecuteExpected x) {
                    runs.add(x.run());
                } else if (e instanceof Expectation.QueryExpected q) {
                    runs.addAll(q.runs());
                }
            }
            state.openRuns.values().forEach(r -> runs.add(r.run()));
            state.pending.clear();
            state.openRuns.clear();
            for (var run : runs) {
                run.skipped("not run: the connection ended (" + reason + ")");
                // outstanding Executes will never be answered now
                var outcome = run.takeOutcomeForced();
                if (outcome != null) {
                    out.add(new Leftover(run.ticket(), outcome));
                }
            }
        } finally {
            state.lock.unlock();
        }
        return out;
    }

    /** Sends CancelRequest for this connection's server backend on a fresh stream. */
    void cancelUpstream() {
        link.cancel(upstream);
    }
}
