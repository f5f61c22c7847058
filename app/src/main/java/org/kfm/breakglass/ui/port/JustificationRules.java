package org.kfm.breakglass.ui.port;

import java.time.Duration;

/**
 * The policy's justification rules, for inline validation (the engine checks again).
 *
 * @param ticketPattern a {@link java.util.regex.Pattern} the whole ticket must match, e.g. {@code ^(INC|CHG)-\d+$}
 */
public record JustificationRules(
        int minReasonLength,
        String ticketPattern,
        Duration defaultDuration,
        Duration maxDuration,
        boolean writeElevationAllowed) {

    public static JustificationRules defaults() {
        return new JustificationRules(20, "^(INC|CHG)-\\d+$", Duration.ofMinutes(30), Duration.ofMinutes(120), true);
    }
}
