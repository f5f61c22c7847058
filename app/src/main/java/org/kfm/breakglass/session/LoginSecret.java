package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.target.ResolvedTarget;
import org.kfm.breakglass.kube.target.SecretLayout;

/**
 * Which Secret, and which keys in it, a login as a mode's role reads. Plain targets ({@code svc/}, {@code pod/})
 * use the policy's {@code credentials.<role>} (the seed's {@code postgis-auth…}, keys {@code POSTGRES_USER} /
 * {@code POSTGRES_PASSWORD}, and {@code POSTGRES_DB} for the default database when present). An operator cluster
 * never uses those seed names: its role's Secret is the policy's {@code targets.credentials.<kind/NAME>.<role>}
 * when it names one (keys it leaves out are the operator's), else — for the reader only — the Secret the resolution
 * found for the target ({@link ResolvedTarget#secret()}: CloudNativePG's {@code <c>-app}, …). Elevation on an
 * operator cluster needs the policy to name the Secret: the operator's application user is one role, and a
 * break-glass console does not guess a second one.
 */
final class LoginSecret {
    private LoginSecret() {}

    static SecretLayout layout(Policy policy, TargetRef target, Optional<ResolvedTarget> resolved, AccessMode mode)
            throws SessionFailure {
        if (!target.kind().operator()) {
            var ref = policy.credentialsFor(mode);
            return new SecretLayout(
                    ref.secret(),
                    List.of(ref.userKey()),
                    ref.passwordKey(),
                    Optional.of("POSTGRES_DB"),
                    Optional.empty());
        }
        String cluster = target.kind().prefix() + "/" + target.name();
        var override = policy.targets().credentialFor(cluster, mode.role());
        SecretLayout found = resolved.map(ResolvedTarget::secret).orElse(null);
        if (override.isPresent()) {
            var o = override.get();
            List<String> userKeys = o.userKey() != null
                    ? List.of(o.userKey())
                    : found == null ? List.of("username", "user") : found.userKeys();
            String passwordKey =
                    o.passwordKey() != null ? o.passwordKey() : found == null ? "password" : found.passwordKey();
            Optional<String> databaseKey = o.databaseKey() != null
                    ? Optional.of(o.databaseKey())
                    : found == null ? Optional.of("dbname") : found.databaseKey();
            Optional<String> defaultDatabase = found == null ? Optional.empty() : found.defaultDatabase();
            return new SecretLayout(o.secret(), userKeys, passwordKey, databaseKey, defaultDatabase);
        }
        if (mode != AccessMode.READ_ONLY) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "the policy names no " + mode.role() + " credentials for " + cluster + ": the operator's Secret"
                            + (found == null ? "" : " (" + found.secretName() + ")")
                            + " is the reader's; add targets.credentials.\"" + cluster + "\"." + mode.role()
                            + " {secret: …} to the policy (docs/policy.md)");
        }
        if (found == null) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION, "the target " + target + " is not resolved yet: no Secret to read");
        }
        return found;
    }
}
