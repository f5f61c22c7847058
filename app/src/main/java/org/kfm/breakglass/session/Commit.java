package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.sql.StatementClass;

/** Commits the pending write transaction; journaled like a statement ({@code COMMIT}, MISC). */
public record Commit() implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "commit";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.QUERY_BEGIN)
                .withStatement(StatementRecord.before("COMMIT", StatementClass.MISC.name()));
    }
}
