package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operator cluster's custom resource as fabric8's generic resource parsed it (no generated model classes: the
 * console reads a handful of fields of three operators' CRDs, across versions). Lookups never throw: a field that
 * is missing or of another type reads as absent.
 *
 * @param name the cluster's name
 * @param spec the resource's {@code spec}, as Jackson read it
 */
record Manifest(String name, Map<String, Object> spec) {

    Manifest {
        spec = spec == null ? Map.of() : spec;
    }

    static Manifest of(GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        return new Manifest(resource.getMetadata().getName(), spec instanceof Map<?, ?> map ? cast(map) : Map.of());
    }

    /** Whether {@code spec.<path>} is present at all (even as an empty list or map). */
    boolean has(String... path) {
        return value(path).isPresent();
    }

    Optional<String> text(String... path) {
        return value(path)
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(s -> !s.isBlank());
    }

    Map<String, Object> map(String... path) {
        return value(path)
                .filter(Map.class::isInstance)
                .map(m -> cast((Map<?, ?>) m))
                .orElse(Map.of());
    }

    List<Object> list(String... path) {
        return value(path)
                .filter(List.class::isInstance)
                .<List<Object>>map(l -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>((List<?>) l)))
                .orElse(List.of());
    }

    private Optional<Object> value(String... path) {
        Object current = spec;
        for (String step : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(step)) {
                return Optional.empty();
            }
            current = map.get(step);
        }
        return Optional.ofNullable(current);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
