package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/** The operator has read the preflight's WARN lines and goes on anyway; journaled with the warnings named. */
public record AcknowledgeWarnings() implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "acknowledge warnings";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return state == SessionState.PREFLIGHTED;
    }

    EventDraft describe(List<String> warnings) {
        return EventDraft.of(EventType.SESSION_PREFLIGHT)
                .withDetail("operator acknowledged warnings: " + String.join(", ", warnings));
    }
}
