package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/** An endpoint client is about to log in upstream as the session: {@code client.connect} is durable first. */
public record AdmitClient(EndpointClient client) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "admit a client";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.CLIENT_CONNECT).withDetail(client.describe());
    }
}
