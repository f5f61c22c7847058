package org.kfm.breakglass.kube;

import java.util.List;
import org.kfm.breakglass.kube.target.Relocation;
import org.kfm.breakglass.kube.target.ResolvedTarget;
import org.kfm.breakglass.kube.target.SecretConventions;
import org.kfm.breakglass.kube.target.TargetResolution;

/**
 * Resolves a {@link TargetRef} to the Ready pod and container port that serve it, like kubectl does and unlike
 * fabric8's own service forward (which takes the first pod without a readiness check, ignores named target ports —
 * fabric8 issue 7372 — and cannot follow a Service without a selector). Among several Ready pods the first by name
 * is chosen, so repeated resolutions agree. Every kind of target resolves to the same {@link ResolvedTarget}: plain
 * Services (through their selector or their EndpointSlices), pods, and the clusters of CloudNativePG, Zalando and
 * Crunchy PGO (docs/decisions/0013).
 */
public final class TargetResolver {

    private final TargetResolution resolution;

    /** With the seed's Secret for plain targets and the operators' own choice of user. */
    public TargetResolver(ClusterAccess access) {
        this(access, SecretConventions.defaults());
    }

    public TargetResolver(ClusterAccess access, SecretConventions conventions) {
        this.resolution = new TargetResolution(access, conventions);
    }

    /** The Ready pod and container port for {@code target} in {@code namespace}. */
    public ResolvedPod resolve(String namespace, TargetRef target) {
        return locate(namespace, target).pod();
    }

    /** The pod that serves {@code target}, with its role, Secret layout and the route that found it. */
    public ResolvedTarget locate(String namespace, TargetRef target) {
        return resolution.locate(namespace, target);
    }

    /** Every pod that serves {@code target} now, in the order {@link #locate} prefers them. */
    public List<ResolvedTarget> candidates(String namespace, TargetRef target) {
        return resolution.candidates(namespace, target);
    }

    /**
     * Resolves {@code previous}'s target again by role — the current primary of {@code cnpg/kfm}, not pod
     * {@code kfm-1} — keeping the pod while it still serves the role.
     */
    public Relocation relocate(ResolvedTarget previous) {
        return resolution.relocate(previous);
    }
}
