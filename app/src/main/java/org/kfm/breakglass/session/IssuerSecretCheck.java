package org.kfm.breakglass.session;

import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.SecretReader;

/**
 * Preflight under {@code sessionCredentials: per-session}: the issuer Secret exists and can be read (its password
 * is wiped at once). What the issuer's role may do — {@code CREATEROLE}, not a superuser, {@code
 * pg_signal_backend} — the server says at the issuer's first login, before anything is created
 * ({@link SessionRoleIssuer}).
 */
final class IssuerSecretCheck {
    static final String NAME = "issuer";

    private IssuerSecretCheck() {}

    static CheckResult run(SessionContext ctx, ClusterAccess access) {
        String secret;
        try {
            secret = IssuerSecret.layout(ctx.policy(), ctx.target()).secretName();
        } catch (SessionFailure e) {
            return CheckResult.fail(NAME, e.getMessage());
        }
        try {
            var credentials =
                    new SecretReader(access).read(ctx.namespace(), IssuerSecret.layout(ctx.policy(), ctx.target()));
            String user = credentials.user();
            credentials.destroy();
            return CheckResult.pass(
                    NAME,
                    "issuer Secret " + secret + " (role " + user + "); its CREATEROLE and not-superuser standing is"
                            + " checked at its login, before the session's role is created");
        } catch (KubeAccessException | SessionFailure e) {
            return CheckResult.fail(
                    NAME,
                    "sessionCredentials is per-session but the issuer Secret " + ctx.namespace() + "/" + secret
                            + " cannot be read: " + e.getMessage() + " — create it with the login of a role that has"
                            + " CREATEROLE (never a superuser), ADMIN OPTION on the reader and writer roles and"
                            + " pg_signal_backend, or set sessionCredentials.issuer in the policy (docs/policy.md)");
        }
    }
}
