package org.kfm.breakglass.session;

import java.util.List;

/** A justification that the policy does not accept; each problem says what to change. */
public final class JustificationRejected extends Exception {
    private final List<String> problems;

    public JustificationRejected(List<String> problems) {
        super("justification rejected: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
