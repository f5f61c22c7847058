package org.kfm.breakglass.session;

import java.time.Duration;
import java.util.ArrayList;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * Elevation to write (or owner) for a limited time: its own justification, the database name typed as
 * confirmation, and a policy that allows it. Journaled as {@code session.elevate} before the new login.
 */
public record Elevate(Justification second, String confirmDatabase) implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "elevate";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    /**
     * How long the elevation may last — the asked-for duration within the policy's grant — or why it may not
     * happen at all: a read-only "elevation", a policy that does not grant the mode, a justification the policy
     * rejects, the wrong database name typed.
     */
    Duration grantedLength(Policy policy, String database) throws SessionFailure {
        AccessMode wanted = second.mode();
        if (wanted == AccessMode.READ_ONLY) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "elevation needs mode write or owner");
        }
        var grant = policy.elevation().grantFor(wanted);
        if (!grant.allowed()) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED, "the policy does not allow " + wanted.wireName() + " elevation");
        }
        var problems = new ArrayList<String>();
        var rules = policy.justificationRules();
        problems.addAll(rules.reasonProblems(second.reason()));
        problems.addAll(rules.ticketProblems(second.ticket()));
        if (!database.equals(confirmDatabase == null ? "" : confirmDatabase.strip())) {
            problems.add("type the database name '" + database + "' to confirm the elevation");
        }
        if (!problems.isEmpty()) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "elevation refused: " + String.join("; ", problems));
        }
        return second.duration().compareTo(grant.duration()) < 0 ? second.duration() : grant.duration();
    }

    /** @param length the elevation's length: the asked-for duration, within the policy's grant */
    EventDraft describe(Duration length) {
        return EventDraft.of(EventType.SESSION_ELEVATE)
                .withJustification(new AuditJustification(
                        second.reason(),
                        second.ticket(),
                        length.toSeconds(),
                        second.mode().wireName()));
    }
}
