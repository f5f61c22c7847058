package org.kfm.breakglass.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The verifier's answer: how many files, events and sessions it checked, whether the chain starts at the
 * genesis (else it was anchored at the first line given), and the first problem, if any.
 */
public record VerificationReport(
        List<Path> files, long events, long sessions, boolean fromGenesis, Optional<VerificationProblem> problem) {

    public VerificationReport {
        files = List.copyOf(files);
    }

    /** True when no problem was found. */
    public boolean ok() {
        return problem.isEmpty();
    }

    /** One line for the CLI. */
    public String summary() {
        return problem.map(p -> "BROKEN " + p)
                .orElse("OK " + events + " events, " + sessions + " sessions, " + files.size() + " file(s)"
                        + (fromGenesis ? "" : " (chain anchored at the first line given, not at genesis)"));
    }
}
