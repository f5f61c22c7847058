package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kfm.breakglass.kube.TargetUnavailableException;

/**
 * One namespace as listed at one moment: its Services, pods, EndpointSlices and each operator's clusters (absent for
 * an operator whose clusters could not be listed). Discovery resolves every target from it without another request.
 *
 * @param namespace the namespace
 * @param allServices its Services
 * @param allPods its pods
 * @param slices its EndpointSlices
 * @param manifests each operator's clusters, by operator kind; missing when they could not be listed
 */
record NamespaceSnapshot(
        String namespace,
        List<Service> allServices,
        List<Pod> allPods,
        List<EndpointSlice> slices,
        Map<Operator, List<Manifest>> manifests)
        implements NamespaceView {

    @Override
    public Optional<Service> service(String name) {
        return allServices.stream()
                .filter(s -> name.equals(s.getMetadata().getName()))
                .findFirst();
    }

    @Override
    public List<Pod> podsMatching(Map<String, String> selector) {
        return allPods.stream()
                .filter(p -> {
                    var labels = Operator.labels(p);
                    return selector.entrySet().stream()
                            .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
                })
                .toList();
    }

    @Override
    public Optional<Pod> pod(String name) {
        return allPods.stream()
                .filter(p -> name.equals(p.getMetadata().getName()))
                .findFirst();
    }

    @Override
    public List<EndpointSlice> endpointSlicesOf(String service) {
        return slices.stream()
                .filter(s -> service.equals(Operator.labels(s).get(LiveNamespace.SERVICE_NAME_LABEL)))
                .toList();
    }

    @Override
    public List<Pod> pods() {
        return allPods;
    }

    @Override
    public List<Service> services() {
        return allServices;
    }

    @Override
    public Optional<Manifest> manifest(Operator operator, String cluster) {
        var listed = manifests.get(operator);
        if (listed == null) {
            return Optional.empty();
        }
        return Optional.of(listed.stream()
                .filter(m -> cluster.equals(m.name()))
                .findFirst()
                .orElseThrow(() -> new TargetUnavailableException(
                        "There is no " + operator.title() + " cluster '" + cluster + "' in " + namespace)));
    }
}
