package org.kfm.breakglass.testkit;

/**
 * A database login of the throwaway PostGIS: user name and password.
 *
 * <p>{@link #toString()} never shows the password, so a role may be logged safely.
 */
public record DbRole(String user, String password) {

    @Override
    public String toString() {
        return "DbRole[user=" + user + ", password=***]";
    }
}
