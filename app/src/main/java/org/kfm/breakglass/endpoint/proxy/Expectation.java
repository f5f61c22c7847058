package org.kfm.breakglass.endpoint.proxy;

import java.util.List;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;
import org.kfm.breakglass.endpoint.wire.ServerNotice;

/**
 * What the server will answer to one message the endpoint forwarded, in the order they were sent. The server
 * answers strictly in order, so the relay matches every reply to the head of the queue; a reply that does not fit
 * means the endpoint lost track, and it closes the connection rather than guess.
 *
 * <p>{@code batch} numbers the stretches between Syncs (and each Query): after an error in an extended-query
 * batch the server skips everything up to that batch's Sync, and so does the relay.
 */
sealed interface Expectation {
    long batch();

    /** ParseComplete, or an error. */
    record ParseExpected(long batch, String name, Prepared prepared) implements Expectation {}

    /** BindComplete, or an error. */
    record BindExpected(long batch, String name, Portal portal) implements Expectation {}

    /** [ParameterDescription] RowDescription | NoData, or an error; {@code portal} is null for a statement. */
    record DescribeExpected(long batch, char kind, String name, Portal portal, Prepared prepared)
            implements Expectation {}

    /** DataRows or COPY, then CommandComplete | EmptyQueryResponse | PortalSuspended, or an error. */
    record ExecuteExpected(long batch, String portalName, StatementRun run) implements Expectation {}

    /** CloseComplete. */
    record CloseExpected(long batch, char kind, String name) implements Expectation {}

    /** ReadyForQuery. */
    record SyncExpected(long batch) implements Expectation {}

    /** The server's error for the endpoint's own probe, which the relay replaces with the refusal. */
    record RefusalExpected(long batch, ServerNotice refusal) implements Expectation {}

    /** A simple Query: one result per statement, then ReadyForQuery. */
    final class QueryExpected implements Expectation {
        private final long batch;
        private final List<ClientStatement> statements;
        private final List<StatementRun> runs;
        private int current;
        private boolean failed;

        QueryExpected(long batch, List<ClientStatement> statements, List<StatementRun> runs) {
            this.batch = batch;
            this.statements = List.copyOf(statements);
            this.runs = List.copyOf(runs);
        }

        @Override
        public long batch() {
            return batch;
        }

        List<ClientStatement> statements() {
            return statements;
        }

        List<StatementRun> runs() {
            return runs;
        }

        /** The statement whose results are arriving, or null when all have answered. */
        StatementRun current() {
            return current < runs.size() ? runs.get(current) : null;
        }

        ClientStatement currentStatement() {
            return current < statements.size() ? statements.get(current) : null;
        }

        void advance() {
            current++;
        }

        int answered() {
            return current;
        }

        boolean failed() {
            return failed;
        }

        void fail() {
            failed = true;
        }
    }
}
