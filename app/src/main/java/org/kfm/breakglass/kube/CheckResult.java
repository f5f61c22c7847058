package org.kfm.breakglass.kube;

import java.util.Objects;

/**
 * One preflight check's result.
 *
 * @param name    the check, e.g. {@code rbac}
 * @param verdict PASS, WARN or FAIL
 * @param reason  what was found, and for WARN/FAIL what to do
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
}
