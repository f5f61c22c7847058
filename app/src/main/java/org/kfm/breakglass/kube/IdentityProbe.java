package org.kfm.breakglass.kube;

import org.kfm.breakglass.check.CheckResult;

/**
 * Preflight: the API server accepts the credentials and says who they belong to (SelfSubjectReview). It is the
 * first call that reaches the server, so it also tells whether the server can be reached at all.
 */
public final class IdentityProbe implements PreflightProbe {

    private final ClusterAccess access;

    public IdentityProbe(ClusterAccess access) {
        this.access = access;
    }

    /**
     * The check's result, and whether a FAIL means the API server could not be reached or trusted (then no
     * later check can learn anything either).
     */
    public record Outcome(CheckResult result, boolean serverUnreachable) {}

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public CheckResult run() {
        return check().result();
    }

    /** Runs the check and says why it failed, when it did. */
    public Outcome check() {
        try {
            var identity = access.whoAmI();
            return new Outcome(
                    CheckResult.pass(
                            name(),
                            "authenticated as " + identity.user()
                                    + (identity.groups().isEmpty()
                                            ? ""
                                            : " (groups " + String.join(", ", identity.groups()) + ")")),
                    false);
        } catch (KubeAccessException e) {
            return new Outcome(CheckResult.fail(name(), e.getMessage()), e.connectionFailed());
        }
    }
}
