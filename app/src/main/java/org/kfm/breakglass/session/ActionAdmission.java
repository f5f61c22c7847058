package org.kfm.breakglass.session;

/**
 * Whether the session's state lets an action run, with the refusal that says why not: after an integrity alarm
 * nothing runs; an expired session is told apart from one that is merely not open yet.
 */
final class ActionAdmission {
    private ActionAdmission() {}

    /** @param alarm the integrity alarm that ended the session, or null */
    static void check(PrivilegedAction<?> action, SessionState state, String alarm) throws SessionFailure {
        // Taking access away (the session role's revoke and drop) runs after an alarm too.
        if (alarm != null && !(action instanceof DropSessionRole) && !(action instanceof RevokeSessionWriter)) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "refused: the session ended after an integrity alarm (" + alarm
                            + "); start a new session and report the alarm");
        }
        if (state == SessionState.EXPIRED && action.mayRunIn(SessionState.OPEN)) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED, "the session has expired: start a new one with a new justification");
        }
        if (!action.mayRunIn(state)) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    SqlStates.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "cannot " + action.verb() + " while the session is " + state,
                    null);
        }
    }
}
