package org.kfm.breakglass.ui.port;

/** Why a session ended. */
public enum SessionEnd {
    CLOSED,
    EXPIRED,
    IDLE,
    FAILED
}
