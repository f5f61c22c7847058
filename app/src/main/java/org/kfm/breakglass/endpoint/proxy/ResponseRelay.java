package org.kfm.breakglass.endpoint.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;
import org.kfm.breakglass.endpoint.upstream.SqlWord;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.endpoint.wire.BackendDecoder;
import org.kfm.breakglass.endpoint.wire.BackendMessages;
import org.kfm.breakglass.endpoint.wire.BackendReader;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.ProtocolViolation;
import org.kfm.breakglass.endpoint.wire.ServerNotice;
import org.kfm.breakglass.endpoint.wire.WireOutput;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.SetupRule;

/**
 * Carries the server's replies back to the client, matching each to the message it answers: results go to the
 * statement that produced them (rows counted and hashed as they stream through, never held), completions and
 * failures are journaled ({@code query.end} before the client sees the CommandComplete), an error starts the
 * server's skip to the next Sync, and the probe's error is replaced by the endpoint's refusal. It also watches
 * ParameterStatus: read-only lifted, the role or the string syntax changed — things the endpoint's rules should
 * have made impossible — end the connection with an alarm.
 */
final class ResponseRelay implements Runnable {
    private final ClientConnection connection;
    private final ConnectionState state;
    private final BackendReader fromServer;
    private final WireOutput toClient;
    private final UpstreamLink link;
    private boolean serverEnded;

    ResponseRelay(ClientConnection connection) {
        this.connection = connection;
        this.state = connection.state();
        this.link = connection.link();
        this.fromServer = link.fromServer();
        this.toClient = connection.toClient();
        fromServer.input().onIdle(this::flushClient);
    }

    @Override
    public void run() {
        try {
            while (true) {
                var header = fromServer.readHeader();
                if (header == null) {
                    connection.end(
                            serverEnded ? "the database ended the connection" : "the database closed the connection",
                            serverEnded
                                    ? null
                                    : ServerNotice.fatal("08006", "the database connection was lost", null, null));
                    return;
                }
                switch (header.type()) {
                    case 'D' -> dataRow(header);
                    case 'd' -> copyData(header);
                    default -> dispatch(fromServer.readFrame(header));
                }
            }
        } catch (LostTrack lost) {
            connection.alarm(lost.getMessage());
        } catch (ProtocolViolation violation) {
            connection.alarm("the server's reply is not valid protocol: " + violation.getMessage());
        } catch (IOException e) {
            connection.end(
                    "the database connection failed: " + e.getMessage(),
                    ServerNotice.fatal("08006", "the database connection was lost", null, null));
        }
    }

    private void dispatch(Frame frame) throws IOException, ProtocolViolation, LostTrack {
        byte[] body = frame.body();
        switch (frame.typeChar()) {
            case 'N', 'A' -> relay(frame);
            case 'S' -> parameterStatus(frame);
            case 'E' -> error(frame, BackendDecoder.notice(body));
            case '1' -> parseComplete(frame);
            case '2' -> bindComplete(frame);
            case '3' -> closeComplete(frame);
            case 't' -> {
                expectDescribe('t');
                relay(frame);
            }
            case 'T' -> rowDescription(frame, BackendDecoder.rowDescription(body));
            case 'n' -> {
                state.lock.lock();
                try {
                    expectDescribe('n');
                    state.pending.removeFirst();
                } finally {
                    state.lock.unlock();
                }
                relay(frame);
            }
            case 'C' -> commandComplete(frame, BackendDecoder.commandComplete(body));
            case 'I' -> emptyQuery(frame);
            case 's' -> portalSuspended(frame);
            case 'H', 'c' -> {
                currentRun(frame.typeChar());
                relay(frame);
            }
            case 'G' -> copyInResponse(frame);
            case 'W' -> throw lost("the server started COPY BOTH (replication), which the endpoint never asks for");
            case 'Z' -> readyForQuery(frame, BackendDecoder.readyForQuery(body));
            default ->
                throw lost("the server sent a '" + frame.typeChar() + "' message after login, which the"
                        + " endpoint never asks for");
        }
    }

    // ---- results --------------------------------------------------------------------------------------------

    private void dataRow(BackendReader.Header header) throws IOException, LostTrack {
        StatementRun run = currentRun('D');
        var lock = toClient.lock();
        lock.lock();
        try {
            toClient.writeByte('D');
            toClient.writeInt32(header.bodyLength() + 4);
            run.rowStarted();
            fromServer.input().transfer(header.bodyLength(), (bytes, offset, length) -> {
                toClient.write(bytes, offset, length);
                run.rowBytes(bytes, offset, length);
            });
        } finally {
            lock.unlock();
        }
    }

    private void copyData(BackendReader.Header header) throws IOException, LostTrack {
        StatementRun run = currentRun('d');
        var lock = toClient.lock();
        lock.lock();
        try {
            toClient.writeByte('d');
            toClient.writeInt32(header.bodyLength() + 4);
            fromServer.input().transfer(header.bodyLength(), (bytes, offset, length) -> {
                toClient.write(bytes, offset, length);
                run.copyOutBytes(bytes, offset, length);
            });
        } finally {
            lock.unlock();
        }
    }

    private StatementRun currentRun(char type) throws LostTrack {
        state.lock.lock();
        try {
            var head = state.pending.peekFirst();
            StatementRun run = null;
            if (head instanceof Expectation.ExecuteExpected e) {
                run = e.run();
            } else if (head instanceof Expectation.QueryExpected q) {
                run = q.current();
            }
            if (run == null) {
                throw lost("a '" + type + "' result that no forwarded statement asked for");
            }
            return run;
        } finally {
            state.lock.unlock();
        }
    }

    private void rowDescription(Frame frame, List<String> columns) throws IOException, LostTrack {
        state.lock.lock();
        try {
            var head = state.pending.peekFirst();
            if (head instanceof Expectation.DescribeExpected d) {
                state.pending.removeFirst();
                if (d.portal() != null) {
                    d.portal().columns(columns);
                } else if (d.prepared() != null) {
                    d.prepared().columns(columns);
                }
            } else if (head instanceof Expectation.QueryExpected q && q.current() != null) {
                q.current().describe(columns);
            } else {
                throw lost("a RowDescription that no Describe or Query asked for");
            }
        } finally {
            state.lock.unlock();
        }
        relay(frame);
    }

    private void commandComplete(Frame frame, String tag) throws IOException, LostTrack {
        StatementRun done;
        ClientStatement statement = null;
        state.lock.lock();
        try {
            var head = state.pending.peekFirst();
            if (head instanceof Expectation.ExecuteExpected e) {
                state.pending.removeFirst();
                done = e.run();
                done.executeAnswered();
                state.copyIn = false;
                var open = state.openRuns.get(e.portalName());
                if (open != null && open.run() == done) {
                    statement = open.portal().prepared().statement();
                }
            } else if (head instanceof Expectation.QueryExpected q) {
                done = q.current();
                if (done == null) {
                    throw lost("the server completed more statements (" + (q.answered() + 1)
                            + ") than the endpoint journaled for the Query ("
                            + q.runs().size() + ")");
                }
                statement = q.currentStatement();
                q.advance();
                state.copyIn = false;
            } else {
                throw lost("a CommandComplete ('" + tag + "') that no forwarded statement asked for");
            }
            done.completed(tag);
            if (statement != null) {
                forgetDeallocated(tag, statement);
            }
        } finally {
            state.lock.unlock();
        }
        journal(done);
        relay(frame);
    }

    /** DEALLOCATE / DISCARD ALL drop prepared statements and portals on the server: forget them too. */
    private void forgetDeallocated(String tag, ClientStatement statement) {
        String upper = tag.toUpperCase(Locale.ROOT);
        if (upper.equals("DEALLOCATE ALL") || upper.equals("DISCARD ALL")) {
            state.statements.keySet().removeIf(name -> !name.isEmpty());
            if (upper.equals("DISCARD ALL")) {
                state.portals.clear();
            }
        } else if (upper.equals("DEALLOCATE")) {
            List<SqlWord> w = statement.words();
            int at = w.size() > 1 && w.get(1).is("PREPARE") ? 2 : 1;
            if (at < w.size()) {
                state.statements.remove(w.get(at).value());
            }
        }
    }

    private void emptyQuery(Frame frame) throws IOException, LostTrack {
        StatementRun done = null;
        state.lock.lock();
        try {
            var head = state.pending.peekFirst();
            if (head instanceof Expectation.ExecuteExpected e) {
                state.pending.removeFirst();
                done = e.run();
                done.executeAnswered();
                done.completed("");
            } else if (!(head instanceof Expectation.QueryExpected q)
                    || !q.runs().isEmpty()) {
                throw lost("an EmptyQueryResponse where the endpoint journaled statements");
            }
        } finally {
            state.lock.unlock();
        }
        if (done != null) {
            journal(done);
        }
        relay(frame);
    }

    private void portalSuspended(Frame frame) throws IOException, LostTrack {
        StatementRun run;
        state.lock.lock();
        try {
            if (!(state.pending.peekFirst() instanceof Expectation.ExecuteExpected e)) {
                throw lost("a PortalSuspended that no Execute asked for");
            }
            state.pending.removeFirst();
            run = e.run();
            run.executeAnswered();
            var open = state.openRuns.get(e.portalName());
            if (open == null || open.run() != run) {
                run.closedEarly(); // the portal was rebound meanwhile: nothing can continue this run
            }
        } finally {
            state.lock.unlock();
        }
        journal(run);
        relay(frame);
    }

    private void copyInResponse(Frame frame) throws IOException, LostTrack {
        StatementRun run = currentRun('G');
        if (connection.terms().mode() == AccessMode.READ_ONLY) {
            throw lost("the server started COPY FROM STDIN in a read-only session");
        }
        state.lock.lock();
        try {
            state.copyIn = true;
            state.copyInRun = run;
        } finally {
            state.lock.unlock();
        }
        relay(frame);
    }

    // ---- the extended protocol's bookkeeping ----------------------------------------------------------------

    private void parseComplete(Frame frame) throws IOException, LostTrack {
        state.lock.lock();
        try {
            if (!(state.pending.peekFirst() instanceof Expectation.ParseExpected p)) {
                throw lost("a ParseComplete that no Parse asked for");
            }
            state.pending.removeFirst();
            state.statements.put(p.name(), p.prepared());
        } finally {
            state.lock.unlock();
        }
        relay(frame);
    }

    private void bindComplete(Frame frame) throws IOException, LostTrack {
        StatementRun replaced = null;
        state.lock.lock();
        try {
            if (!(state.pending.peekFirst() instanceof Expectation.BindExpected b)) {
                throw lost("a BindComplete that no Bind asked for");
            }
            state.pending.removeFirst();
            state.portals.put(b.name(), b.portal());
            var open = state.openRuns.get(b.name());
            if (open != null && open.portal() != b.portal()) {
                state.openRuns.remove(b.name());
                replaced = open.run();
                replaced.closedEarly();
            }
        } finally {
            state.lock.unlock();
        }
        if (replaced != null) {
            journal(replaced);
        }
        relay(frame);
    }

    private void closeComplete(Frame frame) throws IOException, LostTrack {
        StatementRun closed = null;
        state.lock.lock();
        try {
            if (!(state.pending.peekFirst() instanceof Expectation.CloseExpected c)) {
                throw lost("a CloseComplete that no Close asked for");
            }
            state.pending.removeFirst();
            if (c.kind() == 'S') {
                state.statements.remove(c.name());
            } else {
                state.portals.remove(c.name());
                var open = state.openRuns.remove(c.name());
                if (open != null) {
                    closed = open.run();
                    closed.closedEarly();
                }
            }
        } finally {
            state.lock.unlock();
        }
        if (closed != null) {
            journal(closed);
        }
        relay(frame);
    }

    private void expectDescribe(char type) throws LostTrack {
        state.lock.lock();
        try {
            if (!(state.pending.peekFirst() instanceof Expectation.DescribeExpected)) {
                throw lost("a '" + type + "' that no Describe asked for");
            }
        } finally {
            state.lock.unlock();
        }
    }

    // ---- errors and the end of a batch ----------------------------------------------------------------------

    private void error(Frame frame, ServerNotice error) throws IOException {
        if (error.endsConnection()) {
            serverEnded = true;
            relay(frame);
            return;
        }
        var finished = new ArrayList<StatementRun>();
        Frame toSend = frame;
        state.lock.lock();
        try {
            var head = state.pending.peekFirst();
            switch (head) {
                case null -> {
                    // an error nothing asked for: pass it on
                }
                case Expectation.RefusalExpected r -> {
                    state.pending.removeFirst();
                    toSend = BackendMessages.errorResponse(r.refusal());
                    startSkipping(r.batch(), finished);
                }
                case Expectation.ExecuteExpected e -> {
                    state.pending.removeFirst();
                    e.run().executeAnswered();
                    e.run().failed(error);
                    finished.add(e.run());
                    state.copyIn = false;
                    startSkipping(e.batch(), finished);
                }
                case Expectation.ParseExpected p -> {
                    state.pending.removeFirst();
                    if (p.name().isEmpty()) {
                        state.statements.remove(""); // the server dropped the old unnamed statement first
                    }
                    startSkipping(p.batch(), finished);
                }
                case Expectation.QueryExpected q -> {
                    StatementRun current = q.current();
                    if (current != null) {
                        current.failed(error);
                        finished.add(current);
                        int failedAt = q.answered() + 1;
                        for (int i = q.answered() + 1; i < q.runs().size(); i++) {
                            q.runs()
                                    .get(i)
                                    .notRun("not run: statement " + failedAt + " of the same Query failed ("
                                            + error.sqlstate() + ")");
                            finished.add(q.runs().get(i));
                        }
                    }
                    q.fail();
                    state.copyIn = false;
                }
                case Expectation.SyncExpected s -> {
                    // e.g. a deferred constraint failing at the implicit COMMIT: ReadyForQuery follows
                }
                default -> {
                    state.pending.removeFirst();
                    startSkipping(head.batch(), finished);
                }
            }
        } finally {
            state.lock.unlock();
        }
        for (var run : finished) {
            journal(run);
        }
        relay(toSend);
    }

    /** The server now skips to this batch's Sync: so does the relay, for everything already queued (lock held). */
    private void startSkipping(long batch, List<StatementRun> finished) {
        state.skippingBatch = batch;
        while (!state.pending.isEmpty()
                && state.pending.peekFirst().batch() == batch
                && !(state.pending.peekFirst() instanceof Expectation.SyncExpected)) {
            var skipped = state.pending.removeFirst();
            if (skipped instanceof Expectation.ExecuteExpected e) {
                e.run().executeAnswered();
                e.run().skipped("not run: an earlier message of the same batch failed");
                finished.add(e.run());
            }
        }
    }

    private void readyForQuery(Frame frame, char status) throws IOException, LostTrack {
        var finished = new ArrayList<StatementRun>();
        state.lock.lock();
        try {
            var head = state.pending.peekFirst();
            if (head instanceof Expectation.SyncExpected s) {
                state.pending.removeFirst();
                if (state.skippingBatch == s.batch()) {
                    state.skippingBatch = -1;
                }
            } else if (head instanceof Expectation.QueryExpected q) {
                if (!q.failed() && q.answered() < q.runs().size()) {
                    throw lost("the server answered " + q.answered() + " statements of a Query in which the"
                            + " endpoint journaled " + q.runs().size());
                }
                state.pending.removeFirst();
                state.statements.remove(""); // a simple Query drops the unnamed statement and portal
                state.portals.remove("");
            } else {
                throw lost("a ReadyForQuery that no Sync or Query asked for");
            }
            state.transactionStatus = status;
            state.copyIn = false;
            if (status != 'T') {
                // the transaction is over (or failed): its portals are gone
                for (var it = state.openRuns.values().iterator(); it.hasNext(); ) {
                    var open = it.next();
                    if (open.run().outstanding() == 0) {
                        open.run().closedEarly();
                        finished.add(open.run());
                        it.remove();
                    }
                }
                state.portals.clear();
            }
            state.signalAnswered();
        } finally {
            state.lock.unlock();
        }
        for (var run : finished) {
            journal(run);
        }
        relay(frame);
    }

    // ---- ParameterStatus ------------------------------------------------------------------------------------

    private void parameterStatus(Frame frame) throws IOException, ProtocolViolation, LostTrack {
        var status = BackendDecoder.parameterStatus(frame.body());
        String name = status.name().toLowerCase(Locale.ROOT);
        String value = status.value();
        switch (name) {
            case "default_transaction_read_only" -> {
                if (connection.terms().mode() == AccessMode.READ_ONLY && !"on".equalsIgnoreCase(value)) {
                    throw new LostTrack("the server reports default_transaction_read_only = " + value
                            + " on a read-only connection");
                }
            }
            case "standard_conforming_strings" -> {
                boolean on = "on".equalsIgnoreCase(value);
                if (on != state.lexical().standardConformingStrings()) {
                    throw new LostTrack("standard_conforming_strings changed to " + value
                            + ", which changes how the endpoint must read statements");
                }
            }
            case "client_encoding" -> {
                if (!SetupRule.isUtf8(value)) {
                    throw new LostTrack("client_encoding changed to " + value + "; the endpoint speaks UTF8 only");
                }
            }
            case "session_authorization", "is_superuser" -> {
                String before = link.parameters().get(status.name());
                if (before != null && !before.equals(value)) {
                    throw new LostTrack(status.name() + " changed from " + before + " to " + value);
                }
            }
            default -> {}
        }
        relay(frame);
    }

    // ---- output ---------------------------------------------------------------------------------------------

    private void journal(StatementRun run) {
        StatementOutcome outcome;
        state.lock.lock();
        try {
            outcome = run.takeOutcome();
        } finally {
            state.lock.unlock();
        }
        if (outcome != null) {
            connection.finish(run.ticket(), outcome);
        }
    }

    private void relay(Frame frame) throws IOException {
        toClient.write(frame);
    }

    private void flushClient() {
        try {
            toClient.flush();
        } catch (IOException e) {
            connection.end("the client connection failed: " + e.getMessage(), null);
        }
    }

    /** A reply that does not fit what the endpoint forwarded. */
    static final class LostTrack extends Exception {
        private static final long serialVersionUID = 1L;

        LostTrack(String message) {
            super(message);
        }
    }

    private static LostTrack lost(String message) {
        return new LostTrack("the endpoint lost track of the server's replies: " + message);
    }
}
