package org.kfm.breakglass.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.kfm.breakglass.text.HiddenCharacters;
import org.kfm.breakglass.text.TerminalText;

/**
 * The policy's rules for a justification: "no justification, no access". Used by the CLI before anything is
 * opened, by the session for elevations and extensions, and by the GUI for inline validation (through the same
 * {@link HiddenCharacters} predicate), so all say the same thing. Lengths count what a reader sees: hidden
 * characters (controls such as ESC and CR, zero-width and bidi formatting, blank fillers) are refused outright,
 * so six {@code ESC[0m} cannot pass for a twenty-character reason.
 */
public record JustificationRules(
        int minReasonLength, Pattern ticketPattern, Duration defaultDuration, Duration maxDuration) {

    /** The built-in policy's rules: what applies when no policy file says otherwise (one place: {@link Policy}). */
    public static JustificationRules defaults() {
        return Policy.defaults().justificationRules();
    }

    /** Every problem with the justification, empty when it is acceptable. */
    public List<String> problems(Justification justification) {
        var problems = new ArrayList<String>();
        problems.addAll(reasonProblems(justification.reason()));
        problems.addAll(ticketProblems(justification.ticket()));
        problems.addAll(durationProblems(justification.duration()));
        return problems;
    }

    public List<String> reasonProblems(String reason) {
        String text = reason == null ? "" : reason.strip();
        var hidden = HiddenCharacters.problem("reason", text);
        if (hidden.isPresent()) {
            return List.of(hidden.get());
        }
        int visible = HiddenCharacters.visibleLength(text);
        if (visible == 0) {
            return List.of("a reason is required: say what is broken and why direct database access is needed");
        }
        if (visible < minReasonLength) {
            return List.of("the reason is " + visible + " characters (visible characters, runs of spaces counted "
                    + "once); the policy asks for at least " + minReasonLength
                    + " so an auditor can understand it later");
        }
        return List.of();
    }

    public List<String> ticketProblems(String ticket) {
        String text = ticket == null ? "" : ticket.strip();
        var hidden = HiddenCharacters.problem("ticket", text);
        if (hidden.isPresent()) {
            return List.of(hidden.get());
        }
        if (text.isEmpty()) {
            return List.of("a ticket is required (pattern " + ticketPattern.pattern() + ", e.g. INC-1234)");
        }
        if (!ticketPattern.matcher(text).matches()) {
            return List.of("ticket '" + TerminalText.escape(text) + "' does not match the policy pattern "
                    + ticketPattern.pattern());
        }
        return List.of();
    }

    public List<String> durationProblems(Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            return List.of("the duration must be positive");
        }
        if (duration.compareTo(maxDuration) > 0) {
            return List.of("the requested duration " + DurationText.format(duration) + " exceeds the policy maximum "
                    + DurationText.format(maxDuration));
        }
        return List.of();
    }

    /** Throws with every problem listed when the justification is not acceptable. */
    public void check(Justification justification) throws JustificationRejected {
        var problems = problems(justification);
        if (!problems.isEmpty()) {
            throw new JustificationRejected(problems);
        }
    }
}
