package org.kfm.breakglass.session;

/**
 * Why a session could not do what was asked. The kind decides the CLI exit code and the GUI's wording; the
 * message always says what failed and what to do next, and never contains a secret.
 */
public final class SessionFailure extends Exception {

    /** Closed set of failure kinds, each with its documented CLI exit code. */
    public enum Kind {
        /** Bad usage, a rejected justification or a malformed policy: exit 2. */
        USAGE(2),
        /** The cluster, the policy or the audit trail said no (RBAC, 401, required sink down, expired): exit 3. */
        DENIED(3),
        /** The target or the tunnel could not be reached or dropped: exit 4. */
        CONNECTION(4),
        /** The database rejected a statement: exit 5. */
        SQL(5);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public SessionFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SessionFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
