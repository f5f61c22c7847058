package org.kfm.breakglass.kube;

/** The life of a supervised tunnel, as shown to the operator and audited. */
public enum TunnelState {
    /** Resolving the target for the first time. */
    CONNECTING,
    /** A Ready pod is resolved; sockets can be opened. */
    OPEN,
    /** The forward dropped or the pod was replaced; waiting for a Ready pod. */
    RECONNECTING,
    /** No Ready pod within the timeout, or access was lost; see the event's reason. */
    FAILED,
    /** Closed by the console. */
    CLOSED
}
