package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.TunnelChange;
import org.kfm.breakglass.kube.ResolvedPod;

/**
 * The tunnel to a Ready pod and the reader's login through it: {@code tunnel.open} is durable before the first
 * forward exists. Part of {@link BreakGlassSession#open()}.
 */
record OpenTunnel() implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "open the tunnel";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return state == SessionState.PREFLIGHTED;
    }

    EventDraft describe(ResolvedPod pod) {
        return EventDraft.of(EventType.TUNNEL_OPEN)
                .withTunnel(new TunnelChange(
                        pod.name(),
                        null,
                        pod.uid(),
                        "port-forward to " + pod.name() + ":" + pod.containerPort() + " without a local listener"));
    }
}
