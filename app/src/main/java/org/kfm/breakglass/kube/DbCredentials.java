package org.kfm.breakglass.kube;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A database user and password read from a Secret, and the database the Secret names when it names one (an
 * operator's {@code dbname}). The password is a char array so it can be wiped ({@link #destroy()});
 * {@link #toString()} never shows it.
 */
public final class DbCredentials {

    private final String user;
    private final char[] password;
    private final String database;
    private volatile boolean destroyed;

    public DbCredentials(String user, char[] password) {
        this(user, password, null);
    }

    /** With the database the Secret names ({@code null} or blank: none). */
    public DbCredentials(String user, char[] password, String database) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.database = database == null || database.isBlank() ? null : database;
    }

    /** The database the Secret names, e.g. CloudNativePG's and Crunchy's {@code dbname}; the session's default. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** The database user name. */
    public String user() {
        return user;
    }

    /** The password itself (not a copy), so the caller wipes nothing twice; fails after {@link #destroy()}. */
    public char[] password() {
        if (destroyed) {
            throw new IllegalStateException("These credentials were destroyed: read the Secret again");
        }
        return password;
    }

    /** Overwrites the password in memory. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(password, '\0');
    }

    /** Whether {@link #destroy()} was called. */
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "DbCredentials[user=" + user + (database == null ? "" : ", database=" + database) + ", password=****]";
    }
}
