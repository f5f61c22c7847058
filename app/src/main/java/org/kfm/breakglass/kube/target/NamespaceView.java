package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What resolution reads from one namespace. Resolving a target asks the API server ({@link LiveNamespace});
 * discovery lists the namespace once, in parallel, and resolves every target from that listing
 * ({@link NamespaceSnapshot}): the same resolution code either way, so {@code breakglass targets} shows exactly
 * what {@code --target} would connect to.
 */
interface NamespaceView {

    String namespace();

    Optional<Service> service(String name);

    /** Pods matching a Service's selector. */
    List<Pod> podsMatching(Map<String, String> selector);

    Optional<Pod> pod(String name);

    /** The EndpointSlices of a Service: label {@code kubernetes.io/service-name=<service>}. */
    List<EndpointSlice> endpointSlicesOf(String service);

    /** Every pod of the namespace, to find the pod behind an endpoint that names no {@code targetRef}. */
    List<Pod> pods();

    /** Every Service of the namespace, to follow an endpoint that is another Service's ClusterIP. */
    List<Service> services();

    /** The operator cluster's manifest; empty when RBAC forbids reading it (then conventions decide). */
    Optional<Manifest> manifest(Operator operator, String cluster);
}
