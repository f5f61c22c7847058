package org.kfm.breakglass.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a break-glass session: {@code DRAFT → JUSTIFIED → PREFLIGHTED → OPEN ⇄ RECONNECTING → CLOSING →
 * CLOSED}, with {@code EXPIRED} (time box or idle) and {@code FAILED} (refused or broken) as other ends.
 */
public enum SessionState {
    DRAFT,
    JUSTIFIED,
    PREFLIGHTED,
    OPEN,
    RECONNECTING,
    CLOSING,
    CLOSED,
    EXPIRED,
    FAILED;

    /** The states this one may move to; anything else is a programming error. */
    public Set<SessionState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(JUSTIFIED, FAILED, CLOSED);
            case JUSTIFIED -> EnumSet.of(PREFLIGHTED, FAILED, CLOSING, CLOSED);
            case PREFLIGHTED -> EnumSet.of(OPEN, FAILED, CLOSING, CLOSED);
            case OPEN -> EnumSet.of(RECONNECTING, CLOSING, EXPIRED, FAILED);
            case RECONNECTING -> EnumSet.of(OPEN, CLOSING, EXPIRED, FAILED);
            case CLOSING -> EnumSet.of(CLOSED, EXPIRED, FAILED);
            case CLOSED, EXPIRED, FAILED -> EnumSet.noneOf(SessionState.class);
        };
    }

    /** True once the session can never run anything again. */
    public boolean ended() {
        return this == CLOSED || this == EXPIRED || this == FAILED;
    }
}
