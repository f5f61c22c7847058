package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;

/**
 * Something that runs containers: a pod template of a StatefulSet, Deployment, DaemonSet, Job or
 * CronJob, or a live Pod.
 *
 * @param kind      the owning object's kind ({@code StatefulSet}, {@code Pod}, ...)
 * @param name      the owning object's name
 * @param namespace its namespace, or null when the manifest leaves it open
 * @param podLabels the labels the pods carry (template labels, or the Pod's own)
 * @param spec      the pod spec
 */
public record Workload(String kind, String name, String namespace, Map<String, String> podLabels, PodSpec spec) {
    public Workload {
        podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
        spec = spec == null ? new PodSpec() : spec;
    }

    /** "StatefulSet postgis", for reasons. */
    public String describe() {
        return kind + " " + name;
    }
}
