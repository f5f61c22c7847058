package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.StatementRecord;

/**
 * The map of a result was shown: {@code map.view} names the statement, the column and the extent the operator looked
 * at (ADR 0025). It changes nothing in the database; it is journaled through {@code perform} like an export so the
 * evidence is durable before the console moves on to the next statement.
 */
public record RecordMapView(ViewedExtent view) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "record the map view";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        // CLOSING: a map still showing when the session ends is journaled by the end itself, before session.end.
        return OPEN_STATES.contains(state) || state == SessionState.CLOSING;
    }

    EventDraft describe() {
        return EventDraft.of(EventType.MAP_VIEW)
                .withStatement(StatementRecord.before(view.sql(), null))
                .withDetail("viewed " + view.box() + " of column " + view.column() + " (" + view.views()
                        + (view.views() == 1 ? " extent drawn)" : " extents drawn, their union)"));
    }
}
