package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.sql.ClassifiedStatement;
import org.kfm.breakglass.sql.QueryOptions;
import org.kfm.breakglass.sql.RowSink;
import org.kfm.breakglass.sql.StatementClass;

/**
 * One statement sent to the database, already admitted (an operator's statement by the gate, or one of the
 * console's own catalog queries): {@code query.begin} is durable before it is sent, {@code query.end} or
 * {@code query.failed} follows. Only the session's own code makes one; it runs from the checks after login on.
 *
 * @param explain send {@code EXPLAIN} of the statement instead
 */
record RunStatement(String sql, StatementClass cls, QueryOptions options, boolean explain, RowSink sink)
        implements PrivilegedAction<StatementReport> {

    /** An operator's statement the gate admitted. */
    static RunStatement admitted(ClassifiedStatement statement, RunOptions options, RowSink sink) {
        var queryOptions = new QueryOptions(
                options.fetchSize(),
                options.maxRows(),
                options.statementTimeout() == null ? java.time.Duration.ZERO : options.statementTimeout());
        return new RunStatement(statement.sql(), statement.cls(), queryOptions, options.explain(), sink);
    }

    /** A catalog query the console sends on its own (READ, the link's defaults). */
    static RunStatement console(String sql, RowSink sink) {
        return new RunStatement(sql, StatementClass.READ, QueryOptions.defaults(), false, sink);
    }

    @Override
    public String verb() {
        return "run a statement";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return state == SessionState.PREFLIGHTED || OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.QUERY_BEGIN).withStatement(StatementRecord.before(sql, cls.name()));
    }
}
