package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/** Extends the time box with a new justification, its duration counted from now within the policy maximum. */
public record Extend(Justification renewal) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "extend";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    /** Refuses a renewal the policy's justification rules reject. */
    void check(Policy policy) throws SessionFailure {
        try {
            policy.justificationRules().check(renewal);
        } catch (JustificationRejected e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE, "extension refused: " + String.join("; ", e.problems()), e);
        }
    }

    EventDraft describe(AccessMode mode) {
        return EventDraft.of(EventType.SESSION_EXTEND)
                .withJustification(new AuditJustification(
                        renewal.reason(), renewal.ticket(), renewal.duration().toSeconds(), mode.wireName()));
    }
}
