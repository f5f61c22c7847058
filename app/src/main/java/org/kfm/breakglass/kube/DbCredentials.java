package org.kfm.breakglass.kube;

import java.util.Arrays;
import java.util.Objects;

/**
 * A database user and password read from a Secret. The password is a char array so it can be wiped
 * ({@link #destroy()}); {@link #toString()} never shows it.
 */
public final class DbCredentials {

    private final String user;
    private final char[] password;
    private volatile boolean destroyed;

    public DbCredentials(String user, char[] password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
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
        return "DbCredentials[user=" + user + ", password=****]";
    }
}
