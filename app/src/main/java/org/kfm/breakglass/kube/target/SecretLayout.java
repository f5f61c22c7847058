package org.kfm.breakglass.kube.target;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kfm.breakglass.kube.KubeNames;

/**
 * Where a target's database credentials are: the Secret's name and the keys of the user, password and database in
 * it. Key names differ per operator (docs/decisions/0013): CloudNativePG's {@code <c>-app} has {@code username}
 * (and since 1.21 also {@code user}) and {@code dbname}; Crunchy's {@code <c>-pguser-<u>} has {@code user} and,
 * when the user owns a database, {@code dbname}; Zalando's {@code <u>.<c>.credentials…} only {@code username} and
 * {@code password}; the seed's {@code postgis-auth} {@code POSTGRES_USER}/{@code POSTGRES_PASSWORD}.
 *
 * @param secretName      the Secret's name (a DNS-1123 subdomain)
 * @param userKeys        the keys that may hold the user name, in order of preference; the first present is used
 * @param passwordKey     the key of the password
 * @param databaseKey     the key that may hold the database name, when the layout has one
 * @param defaultDatabase the database the operator's manifest says this user owns, for layouts whose Secret
 *                        names none (Zalando); the Secret's own database wins
 */
public record SecretLayout(
        String secretName,
        List<String> userKeys,
        String passwordKey,
        Optional<String> databaseKey,
        Optional<String> defaultDatabase) {

    /** The seed's default Secret name. */
    public static final String SEED_SECRET = "postgis-auth";

    public SecretLayout {
        Objects.requireNonNull(secretName, "secretName");
        userKeys = List.copyOf(userKeys);
        Objects.requireNonNull(passwordKey, "passwordKey");
        Objects.requireNonNull(databaseKey, "databaseKey");
        Objects.requireNonNull(defaultDatabase, "defaultDatabase");
        if (userKeys.isEmpty()) {
            throw new IllegalArgumentException("a Secret layout needs at least one user key");
        }
    }

    /**
     * The seed's layout (the official postgres image's variable names): {@code POSTGRES_USER},
     * {@code POSTGRES_PASSWORD}, and {@code POSTGRES_DB} when the Secret has it.
     */
    public static SecretLayout seed(String secretName) {
        return new SecretLayout(
                secretName,
                List.of("POSTGRES_USER"),
                "POSTGRES_PASSWORD",
                Optional.of("POSTGRES_DB"),
                Optional.empty());
    }

    /** A Secret with the given keys and no database key (e.g. a policy naming both keys). */
    public static SecretLayout of(String secretName, String userKey, String passwordKey) {
        return new SecretLayout(secretName, List.of(userKey), passwordKey, Optional.empty(), Optional.empty());
    }

    /** Whether the name can be a Secret's at all (it becomes a URL path segment). */
    public boolean validName() {
        return KubeNames.isSubdomain(secretName);
    }

    /** Like this, with the database the manifest names for the user. */
    SecretLayout withDefaultDatabase(Optional<String> database) {
        return new SecretLayout(secretName, userKeys, passwordKey, databaseKey, database);
    }
}
