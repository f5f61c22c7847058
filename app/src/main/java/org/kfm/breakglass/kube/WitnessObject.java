package org.kfm.breakglass.kube;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One witness object as the cluster holds it: a ConfigMap's name, labels and data, and when the API server says
 * it was created ({@code metadata.creationTimestamp}, set by the server, not by the client; null before creation).
 *
 * @param name      e.g. {@code breakglass-seal-6b1f0b6e-…}
 * @param labels    the labels it is listed by
 * @param data      the witnessed facts, all strings
 * @param createdAt the server's creation time; null for an object not yet created
 */
public record WitnessObject(String name, Map<String, String> labels, Map<String, String> data, Instant createdAt) {

    public WitnessObject {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        data = Map.copyOf(data);
    }
}
