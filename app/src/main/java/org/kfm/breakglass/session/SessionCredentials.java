package org.kfm.breakglass.session;

import java.time.Duration;

/**
 * How a session logs in to the database ({@code sessionCredentials} in the policy, ADR 0022): {@code secret} (the
 * default) logs in as the roles the Secrets hold; {@code per-session} has the issuer role ({@code CREATEROLE},
 * never a superuser; its Secret is {@code issuer}, or an operator cluster's {@code targets.credentials.<kind/NAME>
 * .issuer}) create a role for the session alone, with at most {@code connectionLimit} connections and
 * {@code statementTimeout} as its default, dropped when the session ends.
 */
public record SessionCredentials(
        String mode, Policy.CredentialRef issuer, Integer connectionLimit, Duration statementTimeout) {
    public static final String SECRET = "secret";
    public static final String PER_SESSION = "per-session";

    public SessionCredentials {
        mode = mode == null ? SECRET : mode;
        issuer = issuer == null ? new Policy.CredentialRef("postgis-auth-issuer", null, null) : issuer;
        connectionLimit = connectionLimit == null ? 2 : connectionLimit;
        statementTimeout = statementTimeout == null ? Duration.ofMinutes(5) : statementTimeout;
        if (!mode.equals(SECRET) && !mode.equals(PER_SESSION)) {
            throw new IllegalArgumentException(
                    "sessionCredentials.mode must be secret or per-session (got " + mode + ")");
        }
        // The console's own link plus one endpoint client; a handful at most (a pool would defeat the point).
        if (connectionLimit < 1 || connectionLimit > 10) {
            throw new IllegalArgumentException(
                    "sessionCredentials.connectionLimit must be between 1 and 10 (got " + connectionLimit + ")");
        }
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("sessionCredentials.statementTimeout must be positive");
        }
    }

    static SessionCredentials secret() {
        return new SessionCredentials(null, null, null, null);
    }

    /** True when each session gets a role of its own. */
    public boolean perSession() {
        return mode.equals(PER_SESSION);
    }
}
