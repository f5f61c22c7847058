package org.kfm.breakglass.kube;

import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;

/**
 * One check run before a break-glass session opens. A probe never throws for what it checks: a failure is a
 * {@link Verdict#FAIL} result with a reason.
 */
public interface PreflightProbe {

    /** The check's name, as in {@link CheckResult#name()}. */
    String name();

    /** Runs the check. */
    CheckResult run();
}
