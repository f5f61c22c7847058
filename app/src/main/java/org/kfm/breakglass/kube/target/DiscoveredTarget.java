package org.kfm.breakglass.kube.target;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kfm.breakglass.kube.TargetRef;

/**
 * One PostgreSQL target found in a namespace, as {@code breakglass targets} and the start screen list it.
 *
 * @param target        what {@code --target} to pass for it (an operator cluster: its primary)
 * @param primaryPod    the pod the target resolves to now (for a plain Service: its first Ready pod, whose role is
 *                      unknown); empty when it resolves to none, see {@code problem}
 * @param readyReplicas the Ready replicas of an operator cluster (what its replica role resolves to); empty for
 *                      plain Services
 * @param secret        the Secret the console would read its credentials from; empty when it cannot tell
 * @param problem       why the target cannot be used right now, if so
 */
public record DiscoveredTarget(
        TargetRef target,
        Optional<String> primaryPod,
        List<String> readyReplicas,
        Optional<String> secret,
        Optional<String> problem) {

    public DiscoveredTarget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(primaryPod, "primaryPod");
        readyReplicas = List.copyOf(readyReplicas);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(problem, "problem");
    }

    public TargetRef.Kind kind() {
        return target.kind();
    }

    public String name() {
        return target.name();
    }
}
