package org.kfm.breakglass.audit;

/** One preflight check as journaled on {@code session.preflight}: name, verdict (e.g. PASS/WARN/FAIL) and reason. */
public record CheckResult(String name, String verdict, String reason) {}
