package org.kfm.breakglass.kube.target;

import java.util.Objects;

/**
 * The outcome of resolving a target again by its role: the pod it resolved to before and the one it resolves to
 * now. The pod is kept while it still serves the role (a replica target does not hop between replicas), so
 * {@link #moved()} means the role moved: a failover, a replaced pod, a pod that is no longer Ready.
 *
 * @param before the earlier resolution
 * @param now    the resolution now
 */
public record Relocation(ResolvedTarget before, ResolvedTarget now) {

    public Relocation {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(now, "now");
    }

    /** Whether the target now resolves to another pod instance. */
    public boolean moved() {
        return !before.samePod(now);
    }

    /** E.g. {@code the primary of cnpg/kfm:rw moved from pod kfm-1 (uid a) to pod kfm-2 (uid b)}. */
    public String describe() {
        String what = switch (now.ref().role()) {
            case PRIMARY -> "the primary of " + now.ref();
            case REPLICA -> "the replica of " + now.ref();
            case ANY -> now.ref().toString();
        };
        return moved()
                ? what + " moved from pod " + before.pod().name() + " (uid "
                        + before.pod().uid() + ") to pod " + now.pod().name() + " (uid "
                        + now.pod().uid() + ")"
                : what + " is still pod " + now.pod().name() + " (uid "
                        + now.pod().uid() + ")";
    }
}
