package org.kfm.breakglass.kube;

/** Receives tunnel state changes, on the supervisor's thread: return quickly. */
@FunctionalInterface
public interface TunnelListener {

    void onTunnelEvent(TunnelEvent event);
}
