package org.kfm.breakglass.session;

/**
 * The SQLSTATE classes the session gives its own refusals: the ones PostgreSQL uses for the same situation, so a
 * refusal before sending reads like the server's (the GUI shows it as {@code ERROR 25006: …}).
 */
final class SqlStates {
    /** A write in a read-only transaction: what the server answers for the writes the gate stops first. */
    static final String READ_ONLY_SQL_TRANSACTION = "25006";
    /** The console, the policy, the cluster or the audit trail said no. */
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** Text the server's scanner would reject, or that holds no statement. */
    static final String SYNTAX_ERROR = "42601";
    /** A character PostgreSQL cannot receive (NUL, an unpaired surrogate). */
    static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    /** More SQL than the policy allows in one submission. */
    static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** A write transaction is still pending. */
    static final String ACTIVE_SQL_TRANSACTION = "25001";
    /** Commit or rollback with nothing pending. */
    static final String NO_ACTIVE_SQL_TRANSACTION = "25P01";
    /** The session is not in a state where this can be done. */
    static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
    /** The tunnel or the login is gone. */
    static final String CONNECTION_FAILURE = "08006";

    private SqlStates() {}
}
