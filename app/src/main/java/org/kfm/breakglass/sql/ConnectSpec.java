package org.kfm.breakglass.sql;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What to log in as. The password stays a {@code char[]} owned by the caller: {@link DatabaseLink#connect}
 * reads it but does not clear it (the session needs it again to reconnect after a tunnel drop); call
 * {@link #wipePassword()} when the session ends.
 *
 * @param database database name
 * @param user role name
 * @param password the role's password; never logged or rendered
 * @param readOnly true to make every transaction of the link read-only (server-enforced)
 * @param statementTimeout default statement timeout of the link (zero = none)
 * @param applicationName shown in {@code pg_stat_activity}, e.g. {@code breakglass/1a2b3c4d}
 */
public record ConnectSpec(
        String database,
        String user,
        char[] password,
        boolean readOnly,
        Duration statementTimeout,
        String applicationName) {

    public ConnectSpec {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must not be negative: " + statementTimeout);
        }
        if (applicationName == null || applicationName.isBlank()) {
            applicationName = "breakglass";
        }
    }

    /** The {@code ApplicationName} for a session: {@code breakglass/} plus the first 8 chars of its id. */
    public static String applicationNameFor(String sessionId) {
        var prefix = sessionId.length() > 8 ? sessionId.substring(0, 8) : sessionId;
        return "breakglass/" + prefix;
    }

    /** Overwrites the password characters; the spec cannot connect afterwards. */
    public void wipePassword() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "ConnectSpec[database=" + database + ", user=" + user + ", password=***, readOnly=" + readOnly
                + ", statementTimeout=" + statementTimeout + ", applicationName=" + applicationName + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
