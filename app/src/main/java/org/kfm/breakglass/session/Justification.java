package org.kfm.breakglass.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Why an operator breaks the glass: the reason and ticket an auditor reads, how long the access is wanted, and
 * in which mode. Validated against the policy by {@link JustificationRules} before anything else happens.
 */
public record Justification(String reason, String ticket, Duration duration, AccessMode mode) {
    public Justification {
        reason = reason == null ? "" : reason.strip();
        ticket = ticket == null ? "" : ticket.strip();
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(mode, "mode");
    }
}
