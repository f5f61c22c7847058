package org.kfm.breakglass.ui.port;

/** One preflight or smoke check result. {@code reason} says what was found and, for WARN/FAIL, what to do. */
public record CheckLine(String name, Verdict verdict, String reason) {

    public enum Verdict {
        PASS,
        WARN,
        FAIL
    }
}
