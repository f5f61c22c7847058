package org.kfm.breakglass.check;

import java.util.Collection;
import java.util.Objects;

/**
 * One line of a preflight, posture or smoke report: what was checked, the verdict, and a one-line reason that
 * says what to do when it is not PASS. A plain value shared by every layer, so a check reads the same in the
 * CLI, the GUI and the audit record.
 */
public record CheckResult(String name, Verdict verdict, String reason) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
    }

    public static CheckResult pass(String name, String reason) {
        return new CheckResult(name, Verdict.PASS, reason);
    }

    public static CheckResult warn(String name, String reason) {
        return new CheckResult(name, Verdict.WARN, reason);
    }

    public static CheckResult fail(String name, String reason) {
        return new CheckResult(name, Verdict.FAIL, reason);
    }

    public static boolean anyFailed(Collection<CheckResult> results) {
        return results.stream().anyMatch(r -> r.verdict() == Verdict.FAIL);
    }

    public static boolean anyWarned(Collection<CheckResult> results) {
        return results.stream().anyMatch(r -> r.verdict() == Verdict.WARN);
    }

    /** {@code PASS  name  reason}, the one-line form the CLI prints. */
    public String line() {
        return String.format("%-4s  %-30s %s", verdict, name, reason);
    }
}
