package org.kfm.breakglass.session;

/**
 * Hears what a session does on its own (tunnel drops and reconnects, warnings, expiry). Called from background
 * threads: a UI marshals to its own thread, a CLI prints to stderr.
 */
public interface SessionListener {

    /** The session moved to a new state ({@code RECONNECTING}, {@code EXPIRED}, …). */
    default void stateChanged(SessionState state, String reason) {}

    /** A notice the operator should see now (expiry warning, elevation ended, audit sink trouble). */
    default void notice(String message) {}
}
