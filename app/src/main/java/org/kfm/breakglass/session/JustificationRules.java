package org.kfm.breakglass.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The policy's rules for a justification: "no justification, no access". Used by the CLI before anything is
 * opened and by the GUI for inline validation, so both say the same thing.
 */
public record JustificationRules(
        int minReasonLength, Pattern ticketPattern, Duration defaultDuration, Duration maxDuration) {

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
        if (text.isEmpty()) {
            return List.of("a reason is required: say what is broken and why direct database access is needed");
        }
        if (text.length() < minReasonLength) {
            return List.of("the reason is " + text.length() + " characters; the policy asks for at least "
                    + minReasonLength + " so an auditor can understand it later");
        }
        return List.of();
    }

    public List<String> ticketProblems(String ticket) {
        String text = ticket == null ? "" : ticket.strip();
        if (text.isEmpty()) {
            return List.of("a ticket is required (pattern " + ticketPattern.pattern() + ", e.g. INC-1234)");
        }
        if (!ticketPattern.matcher(text).matches()) {
            return List.of("ticket '" + text + "' does not match the policy pattern " + ticketPattern.pattern());
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
