package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.sql.StatementClass;

/** Rolls back the pending write transaction; journaled like a statement ({@code ROLLBACK}, MISC). */
public record Rollback() implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "roll back";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.QUERY_BEGIN)
                .withStatement(StatementRecord.before("ROLLBACK", StatementClass.MISC.name()));
    }
}
