package org.kfm.breakglass.audit;

import java.nio.file.Path;

/** The first problem found: its kind, where (file, 1-based line) and a sentence for a human. */
public record VerificationProblem(ProblemKind kind, Path file, long line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + kind + ": " + message;
    }
}
