package org.kfm.breakglass.kube;

import org.kfm.breakglass.check.CheckResult;

/** Preflight: the API server accepts the credentials and says who they belong to (SelfSubjectReview). */
public final class IdentityProbe implements PreflightProbe {

    private final ClusterAccess access;

    public IdentityProbe(ClusterAccess access) {
        this.access = access;
    }

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public CheckResult run() {
        try {
            var identity = access.whoAmI();
            return CheckResult.pass(
                    name(),
                    "authenticated as " + identity.user()
                            + (identity.groups().isEmpty()
                                    ? ""
                                    : " (groups " + String.join(", ", identity.groups()) + ")"));
        } catch (KubeAccessException e) {
            return CheckResult.fail(name(), e.getMessage());
        }
    }
}
