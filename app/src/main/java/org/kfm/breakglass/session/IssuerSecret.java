package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.target.SecretLayout;

/**
 * Which Secret holds the issuer role's login under {@code sessionCredentials: per-session}: for a plain target
 * the policy's {@code sessionCredentials.issuer} (default {@code postgis-auth-issuer}, the seed's key names); for
 * an operator cluster the policy's {@code targets.credentials.<kind/NAME>.issuer} (keys the operator's
 * {@code username}/{@code password} unless named) — an operator makes no issuer, so the policy must name one.
 */
final class IssuerSecret {
    private IssuerSecret() {}

    static SecretLayout layout(Policy policy, TargetRef target) throws SessionFailure {
        if (!target.kind().operator()) {
            var ref = policy.sessionCredentials().issuer();
            return SecretLayout.of(ref.secret(), ref.userKey(), ref.passwordKey());
        }
        String cluster = target.kind().prefix() + "/" + target.name();
        var issuer = policy.targets().credentialFor(cluster, "issuer").orElse(null);
        if (issuer == null) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "sessionCredentials is per-session but the policy names no issuer for " + cluster
                            + ": add targets.credentials.\"" + cluster + "\".issuer {secret: …} naming a Secret"
                            + " with a CREATEROLE (not superuser) role (docs/policy.md)");
        }
        return new SecretLayout(
                issuer.secret(),
                List.of(issuer.userKey() != null ? issuer.userKey() : "username"),
                issuer.passwordKey() != null ? issuer.passwordKey() : "password",
                Optional.empty(),
                Optional.empty());
    }
}
