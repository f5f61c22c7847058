package org.kfm.breakglass.ui.port;

import java.time.Duration;
import org.kfm.breakglass.session.JournalLine;
import org.kfm.breakglass.session.SessionEnd;

/** Session events pushed by the engine, from any thread. Every method has a no-op default. */
public interface SessionListener {

    /** The tunnel changed state; {@code detail} says why (e.g. "pod postgis-0 replaced"), may be empty. */
    default void tunnelState(TunnelState state, String detail) {}

    /** Time left in the time box, about once a second. */
    default void timeLeft(Duration left) {}

    /** The session is over; after this no call on the handle does privileged work. */
    default void ended(SessionEnd reason, String message) {}

    /** A new line was appended to this session's audit journal. */
    default void audit(JournalLine line) {}
}
