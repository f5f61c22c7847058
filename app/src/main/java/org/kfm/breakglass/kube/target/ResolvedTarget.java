package org.kfm.breakglass.kube.target;

import java.util.Objects;
import org.kfm.breakglass.kube.ResolvedPod;
import org.kfm.breakglass.kube.TargetRef;

/**
 * A target resolved to the pod that serves it now: the pod (name, UID, container port), the role the pod plays,
 * the Secret layout of the target's credentials and the route the resolution took (for the operator and the
 * journal). It keeps the {@link TargetRef} it came from, so it can be resolved again by role — "the current primary
 * of cnpg/kfm" — never by pod name ({@code TargetResolver.relocate}).
 *
 * @param ref       what was asked for
 * @param namespace where
 * @param pod       the pod and container port a forward goes to
 * @param role      the role the pod plays, by the operator's labels
 * @param secret    where the credentials are
 * @param route     how the pod was found, e.g. {@code Service kfm-rw (selector …) → pod kfm-1}
 */
public record ResolvedTarget(
        TargetRef ref, String namespace, ResolvedPod pod, PodRole role, SecretLayout secret, String route) {

    public ResolvedTarget {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(route, "route");
    }

    /** Whether both name the same pod instance (same UID). */
    public boolean samePod(ResolvedTarget other) {
        return pod.uid().equals(other.pod.uid());
    }

    /** One line for preflight and the log: target, route, role, port. */
    public String describe() {
        return ref + " → " + route + " (" + role.wireName() + ", uid " + pod.uid() + ") port " + pod.containerPort()
                + (pod.containerPortName().isEmpty() ? "" : " (" + pod.containerPortName() + ")");
    }
}
