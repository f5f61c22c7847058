package org.kfm.breakglass.session;

/**
 * Why a session ended, for listeners that must tell the operator (the GUI's end message, the banner) without
 * reading the reason's words. Each cause ends in one final {@link SessionState}.
 */
public enum SessionEnd {
    /** The operator closed it. */
    CLOSED(SessionState.CLOSED),
    /** The time box ran out. */
    EXPIRED(SessionState.EXPIRED),
    /** Nothing happened for the policy's idle timeout. */
    IDLE(SessionState.EXPIRED),
    /** Refused (preflight) or broken (could not open, a failed login after an elevation). */
    FAILED(SessionState.FAILED),
    /** The tunnel found no Ready pod in time. */
    TUNNEL_FAILED(SessionState.FAILED),
    /** A statement left the read-only transaction: the integrity alarm. */
    ALARM(SessionState.FAILED);

    private final SessionState state;

    SessionEnd(SessionState state) {
        this.state = state;
    }

    /** The state the session ends in. */
    public SessionState state() {
        return state;
    }
}
