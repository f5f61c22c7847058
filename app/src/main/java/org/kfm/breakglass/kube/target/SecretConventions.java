package org.kfm.breakglass.kube.target;

import java.util.Objects;
import java.util.Optional;

/**
 * The choices the policy makes about credentials, per target kind: which Secret a plain Service or pod target uses
 * (the seed's {@code postgis-auth} by default), and which database user to take from a Zalando or Crunchy cluster
 * that defines several. The operators' own conventions fill in everything else; see
 * the operators' classes in this package and docs/decisions/0013.
 *
 * @param plainTargets  the Secret of {@code svc/} and {@code pod/} targets
 * @param zalandoUser   the user whose {@code <user>.<cluster>.credentials…} Secret to read, when set
 * @param crunchyUser   the user whose {@code <cluster>-pguser-<user>} Secret to read, when set
 */
public record SecretConventions(SecretLayout plainTargets, Optional<String> zalandoUser, Optional<String> crunchyUser) {

    public SecretConventions {
        Objects.requireNonNull(plainTargets, "plainTargets");
        Objects.requireNonNull(zalandoUser, "zalandoUser");
        Objects.requireNonNull(crunchyUser, "crunchyUser");
    }

    /** The seed's Secret for plain targets, and the operators' own choice of user. */
    public static SecretConventions defaults() {
        return new SecretConventions(SecretLayout.seed(SecretLayout.SEED_SECRET), Optional.empty(), Optional.empty());
    }
}
