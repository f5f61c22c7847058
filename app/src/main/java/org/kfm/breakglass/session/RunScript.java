package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.sql.RowSink;

/**
 * A statement or a script from the operator: checked as text ({@link SubmittedSql}), lexed and classified, every
 * statement refused before sending when the mode does not allow it ({@code query.denied}), then each run as a
 * {@link RunStatement} of its own; stops at the first failure. Journaled by its statements.
 */
public record RunScript(String sql, RunOptions options, RowSink sink)
        implements PrivilegedAction<List<StatementReport>> {
    @Override
    public String verb() {
        return "run a statement";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }
}
