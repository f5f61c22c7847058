package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/** A connection to the endpoint refused before it could log in (peer check, bad startup): {@code client.refused}. */
public record RefuseClient(String peer, String transport, String reason) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "record a refused client";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.CLIENT_REFUSED)
                .withDetail("refused " + transport + " peer " + peer + ": " + reason);
    }
}
