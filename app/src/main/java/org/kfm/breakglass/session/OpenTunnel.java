package org.kfm.breakglass.session;

import java.util.Optional;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.TunnelChange;
import org.kfm.breakglass.kube.ResolvedPod;
import org.kfm.breakglass.kube.target.ResolvedTarget;
import org.kfm.breakglass.kube.target.SecretLayout;

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

    /** The pod, how it was found ({@code route}), and the Secret the reader's login will read. */
    EventDraft describe(ResolvedPod pod, Optional<ResolvedTarget> target, SecretLayout secret) {
        return EventDraft.of(EventType.TUNNEL_OPEN)
                .withTunnel(new TunnelChange(
                        pod.name(),
                        null,
                        pod.uid(),
                        "port-forward to " + pod.name() + ":" + pod.containerPort() + " without a local listener"
                                + target.map(t -> " (" + t.role().wireName() + ", via " + t.route() + ")")
                                        .orElse("")
                                + "; credentials from Secret " + secret.secretName()));
    }
}
