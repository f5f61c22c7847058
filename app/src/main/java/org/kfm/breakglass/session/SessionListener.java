package org.kfm.breakglass.session;

import java.time.Duration;

/**
 * Hears what a session does on its own (tunnel drops and reconnects, warnings, expiry, the time left, what it
 * journals). Called from background threads: a UI marshals to its own thread, a CLI prints to stderr.
 */
public interface SessionListener {

    /** The session moved to a new state ({@code RECONNECTING}, {@code EXPIRED}, …). */
    default void stateChanged(SessionState state, String reason) {}

    /** A notice the operator should see now (expiry warning, elevation ended, audit sink trouble). */
    default void notice(String message) {}

    /** The time left in the time box; about once a second while the session is open. */
    default void timeLeft(Duration left) {}

    /** Lines this session journaled since the last call, oldest first; about once a second while it is open. */
    default void journaled(JournalLine line) {}

    /** The session is over, and why; after this nothing it does is privileged. */
    default void ended(SessionEnd cause, String reason) {}

    /**
     * The session, sealed, was reconciled with the server's log ({@code reconcile.atSessionEnd}); after {@link
     * #ended}, from the ending thread.
     */
    default void reconciled(EndReconciliation result) {}
}
