package org.kfm.breakglass.session;

/** One line of a preflight or smoke report: what was checked, the verdict, and a one-line reason. */
public record CheckOutcome(String name, Verdict verdict, String reason) {
    public static CheckOutcome pass(String name, String reason) {
        return new CheckOutcome(name, Verdict.PASS, reason);
    }

    public static CheckOutcome warn(String name, String reason) {
        return new CheckOutcome(name, Verdict.WARN, reason);
    }

    public static CheckOutcome fail(String name, String reason) {
        return new CheckOutcome(name, Verdict.FAIL, reason);
    }
}
