package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;

/**
 * One PostgreSQL target as {@code breakglass targets} (and a start screen) lists it.
 *
 * @param kind          what it is: {@code Service}, {@code CloudNativePG}, {@code Zalando}, {@code Crunchy PGO}
 * @param target        what to pass to {@code --target} (an operator cluster: its primary)
 * @param primaryPod    the pod a session would forward to now; empty when none serves it (see {@code problem})
 * @param readyReplicas an operator cluster's Ready replicas (its replica role); empty for a plain Service
 * @param secret        the Secret a read-only login would read; empty when it cannot tell
 * @param problem       why the target cannot be used right now, if so
 */
public record ListedTarget(
        String kind,
        String target,
        Optional<String> primaryPod,
        List<String> readyReplicas,
        Optional<String> secret,
        Optional<String> problem) {

    public ListedTarget {
        readyReplicas = List.copyOf(readyReplicas);
    }
}
