package org.kfm.breakglass.evidence;

import org.kfm.breakglass.evidence.serverlog.ServerStatement;

/**
 * Which of the server's backends were the session's. With a database role per session ({@code credentials:
 * per-session}) every backend of that role is the session's by construction, whoever opened it — the strong form.
 * With the shared reader role only the backends that name the session in their {@code application_name} can be
 * picked, and any client can claim or drop that name: backends of the shared role that do not claim it are counted
 * as unattributed, and the report says what this cannot see.
 */
public sealed interface BackendSelection {

    /** True when the statement's backend is one of the session's (for an ambiguous line: any of its readings). */
    boolean selects(ServerStatement statement);

    /** True when a backend that logs as {@code user} with {@code application} is one of the session's. */
    boolean selects(String user, String application);

    /** A backend of the same credentials that this selection cannot attribute (only for shared credentials). */
    boolean unattributed(ServerStatement statement);

    /** For reports and the journal: {@code role bg_6b1f0b6e}. */
    String describe();

    /** The session's own role: {@code bg_<short id>}. */
    record PerSessionRole(String role) implements BackendSelection {
        @Override
        public boolean selects(ServerStatement s) {
            return role.equals(s.user()) || s.alternatives().stream().anyMatch(r -> role.equals(r.user()));
        }

        @Override
        public boolean selects(String user, String application) {
            return role.equals(user);
        }

        @Override
        public boolean unattributed(ServerStatement s) {
            return false;
        }

        @Override
        public String describe() {
            return "role " + role;
        }
    }

    /** Backends whose {@code application_name} is the session's, logged in as the shared {@code sharedRole}. */
    record ClaimedApplicationName(String applicationName, String sharedRole) implements BackendSelection {
        @Override
        public boolean selects(ServerStatement s) {
            return applicationName.equals(s.application())
                    || s.alternatives().stream().anyMatch(r -> applicationName.equals(r.application()));
        }

        @Override
        public boolean selects(String user, String application) {
            return applicationName.equals(application);
        }

        @Override
        public boolean unattributed(ServerStatement s) {
            return sharedRole != null && sharedRole.equals(s.user()) && !selects(s);
        }

        @Override
        public String describe() {
            return "application_name " + applicationName
                    + (sharedRole == null ? "" : " (shared role " + sharedRole + ")");
        }
    }
}
