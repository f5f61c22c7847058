package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.Pod;

/** Whether a pod can serve a forward: Running, condition Ready=True, and not being deleted. */
public final class PodReadiness {

    private PodReadiness() {}

    public static boolean isServing(Pod pod) {
        if (pod == null || pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        var status = pod.getStatus();
        if (status == null || !"Running".equals(status.getPhase()) || status.getConditions() == null) {
            return false;
        }
        return status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public static String describe(Pod pod) {
        if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
            return "terminating";
        }
        var status = pod.getStatus();
        String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
        boolean ready = status != null
                && status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return phase + (ready ? ", Ready" : ", not Ready");
    }
}
