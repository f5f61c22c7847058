package org.kfm.breakglass.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The verifier's answer: how many files, events and sessions it checked, whether the chain starts at genesis, the
 * first problem if any, and — never left implicit — what it did not verify ({@code notVerified}, only for a partial
 * check) and what its verdict rests on ({@code notes}: which key checked the signatures, or that seals are unsigned).
 */
public record VerificationReport(
        List<Path> files,
        long events,
        long sessions,
        boolean fromGenesis,
        Optional<VerificationProblem> problem,
        boolean partial,
        List<String> notVerified,
        List<String> notes) {

    public VerificationReport {
        files = List.copyOf(files);
        notVerified = List.copyOf(notVerified);
        notes = List.copyOf(notes);
    }

    static VerificationReport problemOnly(VerificationOptions options, VerificationProblem problem) {
        return new VerificationReport(
                List.of(), 0, 0, false, Optional.of(problem), options.partial(), List.of(), List.of());
    }

    /** True when no problem was found (for a partial check: in the part that was verified). */
    public boolean ok() {
        return problem.isEmpty();
    }

    /** For the CLI: the verdict on the first line, then what was not verified and what the verdict rests on. */
    public String summary() {
        var text = new StringBuilder();
        if (problem.isPresent()) {
            text.append("BROKEN ").append(problem.get());
        } else {
            text.append(events)
                    .append(" events, ")
                    .append(sessions)
                    .append(" sessions, ")
                    .append(files.size())
                    .append(" file(s)")
                    .append(fromGenesis ? ", from genesis" : "")
                    .append(partial ? " (partial check)" : "");
        }
        for (var n : notVerified) {
            text.append(System.lineSeparator()).append("  NOT verified: ").append(n);
        }
        for (var n : notes) {
            text.append(System.lineSeparator()).append("  note: ").append(n);
        }
        return text.toString();
    }
}
