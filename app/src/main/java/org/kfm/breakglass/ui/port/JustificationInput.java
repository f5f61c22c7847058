package org.kfm.breakglass.ui.port;

import java.time.Duration;
import org.kfm.breakglass.session.JustificationRules;

/** What the operator typed in the justification dialog (already checked against {@link JustificationRules}). */
public record JustificationInput(String reason, String ticket, Duration duration, Mode mode) {}
