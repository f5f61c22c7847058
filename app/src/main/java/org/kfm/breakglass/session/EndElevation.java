package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/** The elevation's time is up: back to the reader's read-only login. The session's ticker performs it. */
record EndElevation() implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "end the elevation";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.SESSION_ELEVATE).withDetail("elevation ended; back to read-only");
    }
}
