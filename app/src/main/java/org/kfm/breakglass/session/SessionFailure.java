package org.kfm.breakglass.session;

import org.kfm.breakglass.sql.SqlFailure;

/**
 * Why a session could not do what was asked. The kind decides the CLI exit code and the GUI's wording; the
 * message always says what failed and what to do next, and never contains a secret. The SQLSTATE is the class the
 * failure really has: the server's own when the database refused, the class the server would have used when the
 * console refused first (25006 for a write in a read-only session), else the kind's.
 */
public final class SessionFailure extends Exception {

    /** Closed set of failure kinds, each with its documented CLI exit code. */
    public enum Kind {
        /** Bad usage, a rejected justification or a malformed policy: exit 2. */
        USAGE(2, null),
        /** The cluster, the policy or the audit trail said no (RBAC, 401, required sink down, expired): exit 3. */
        DENIED(3, SqlStates.INSUFFICIENT_PRIVILEGE),
        /** The target or the tunnel could not be reached or dropped: exit 4. */
        CONNECTION(4, SqlStates.CONNECTION_FAILURE),
        /** The database rejected a statement: exit 5. */
        SQL(5, null);

        private final int exitCode;
        private final String sqlstate;

        Kind(int exitCode, String sqlstate) {
            this.exitCode = exitCode;
            this.sqlstate = sqlstate;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final String sqlstate;

    public SessionFailure(Kind kind, String message) {
        this(kind, null, message, null);
    }

    public SessionFailure(Kind kind, String message, Throwable cause) {
        this(kind, null, message, cause);
    }

    /** A failure of a known SQLSTATE class ({@link SqlStates}). */
    public SessionFailure(Kind kind, String sqlstate, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.sqlstate = sqlstate;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The failure's SQLSTATE: given, else the server's, else the kind's (42501 for a refusal, 08006 for a
     * connection); null only for bad usage outside a statement.
     */
    public String sqlstate() {
        if (sqlstate != null) {
            return sqlstate;
        }
        if (getCause() instanceof SqlFailure failure && failure.sqlstate() != null) {
            return failure.sqlstate();
        }
        return kind.sqlstate;
    }

    /** The server's 1-based error position in the statement, 0 when it gave none. */
    public int position() {
        return getCause() instanceof SqlFailure failure ? failure.position() : 0;
    }
}
