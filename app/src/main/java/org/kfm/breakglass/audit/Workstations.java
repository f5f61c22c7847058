package org.kfm.breakglass.audit;

/** The {@code osUser@host} key that says which workstation's journal a session belongs in. */
final class Workstations {

    private Workstations() {}

    static String of(String osUser, String host) {
        return (osUser == null ? "?" : osUser) + "@" + (host == null ? "?" : host);
    }
}
