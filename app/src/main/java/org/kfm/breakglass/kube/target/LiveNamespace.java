package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.TargetUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace read from the API server as resolution goes, for one resolution: each lookup is one request, and the
 * namespace-wide lists (only needed for endpoints without a {@code targetRef}) are fetched once.
 */
final class LiveNamespace implements NamespaceView {

    private static final Logger LOG = LoggerFactory.getLogger(LiveNamespace.class);
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final ClusterAccess access;
    private final String namespace;
    private List<Pod> pods;
    private List<Service> services;

    LiveNamespace(ClusterAccess access, String namespace) {
        this.access = access;
        this.namespace = namespace;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<Service> service(String name) {
        return Optional.ofNullable(access.call(
                "read Service " + namespace + "/" + name,
                () -> access.client()
                        .services()
                        .inNamespace(namespace)
                        .withName(name)
                        .get()));
    }

    @Override
    public List<Pod> podsMatching(Map<String, String> selector) {
        return access.call(
                "list the pods of selector " + selector + " in " + namespace,
                () -> access.client()
                        .pods()
                        .inNamespace(namespace)
                        .withLabels(selector)
                        .list()
                        .getItems());
    }

    @Override
    public Optional<Pod> pod(String name) {
        return Optional.ofNullable(access.call(
                "read pod " + namespace + "/" + name,
                () -> access.client()
                        .pods()
                        .inNamespace(namespace)
                        .withName(name)
                        .get()));
    }

    @Override
    public List<EndpointSlice> endpointSlicesOf(String service) {
        return access.call(
                "list the EndpointSlices of Service " + namespace + "/" + service
                        + " (needs 'list endpointslices.discovery.k8s.io')",
                () -> access.client()
                        .discovery()
                        .v1()
                        .endpointSlices()
                        .inNamespace(namespace)
                        .withLabel(SERVICE_NAME_LABEL, service)
                        .list()
                        .getItems());
    }

    @Override
    public synchronized List<Pod> pods() {
        if (pods == null) {
            pods = access.call(
                    "list the pods of " + namespace,
                    () -> access.client().pods().inNamespace(namespace).list().getItems());
        }
        return pods;
    }

    @Override
    public synchronized List<Service> services() {
        if (services == null) {
            services = access.call(
                    "list the Services of " + namespace,
                    () -> access.client()
                            .services()
                            .inNamespace(namespace)
                            .list()
                            .getItems());
        }
        return services;
    }

    @Override
    public Optional<Manifest> manifest(Operator operator, String cluster) {
        String what = operator.resourceName() + " " + namespace + "/" + cluster;
        Optional<GenericKubernetesResource> found = access.call("read " + what, () -> {
            try {
                var resource = access.client()
                        .genericKubernetesResources(operator.resource())
                        .inNamespace(namespace)
                        .withName(cluster)
                        .get();
                if (resource == null) {
                    throw new TargetUnavailableException("There is no " + operator.title() + " cluster '" + cluster
                            + "' in " + namespace + " (kubectl get " + operator.resourceName() + " -n " + namespace
                            + "), or the operator is not installed: check the name and namespace");
                }
                return Optional.of(resource);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    // Not fatal: the operator's naming conventions may be enough (or the policy names the user).
                    LOG.warn("Not allowed to read {}; resolving by the operator's conventions", what);
                    return Optional.empty();
                }
                throw e;
            }
        });
        return found.map(Manifest::of);
    }
}
