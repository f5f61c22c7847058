package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/** An export of {@code rows} rows in {@code format}, journaled before the file is written. */
public record RecordExport(String format, long rows, String destination) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "export";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.EXPORT).withDetail(format + " export of " + rows + " rows to " + destination);
    }
}
