package org.kfm.breakglass.ui.port;

/** The port-forward as the supervisor sees it. */
public enum TunnelState {
    OPEN,
    RECONNECTING,
    FAILED,
    CLOSED
}
