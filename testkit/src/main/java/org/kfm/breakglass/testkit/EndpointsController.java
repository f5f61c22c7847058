package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's endpoint controllers, run by the harness whenever it changes pods (seeding, {@code replacePod},
 * {@code failover}): for a Service with a selector, the Endpoints controller's {@code Endpoints} and the
 * EndpointSlice controller's slice (label {@code kubernetes.io/service-name}, managed by
 * {@code endpointslice-controller.k8s.io}, owned by the Service): matching Running pods with their IP, node,
 * targetRef, readiness ({@code ready}, {@code serving}, {@code terminating}) and the target port resolved per pod
 * (a named targetPort by the container port's name); for a Service without a selector, the EndpointSlice mirroring
 * controller's copy of whatever {@code Endpoints} Patroni or the operator wrote (managed by
 * {@code endpointslicemirroring-controller.k8s.io}). Writes made by clients are not watched.
 */
final class EndpointsController {

    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String SLICE_CONTROLLER = "endpointslice-controller.k8s.io";
    static final String MIRRORING_CONTROLLER = "endpointslicemirroring-controller.k8s.io";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient admin;
    private final String namespace;

    EndpointsController(KubernetesClient admin, String namespace) {
        this.admin = admin;
        this.namespace = namespace;
    }

    synchronized void reconcile() {
        List<Pod> pods = admin.pods().inNamespace(namespace).list().getItems();
        for (Service service : admin.services().inNamespace(namespace).list().getItems()) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector != null && !selector.isEmpty()) {
                Endpoints endpoints = fromPods(service, pods);
                upsert(endpoints);
                upsert(slice(service, endpoints, SLICE_CONTROLLER, owner(service)));
            } else {
                Endpoints written = admin.endpoints()
                        .inNamespace(namespace)
                        .withName(service.getMetadata().getName())
                        .get();
                if (written != null
                        && written.getSubsets() != null
                        && !written.getSubsets().isEmpty()) {
                    upsert(slice(service, written, MIRRORING_CONTROLLER, owner(written)));
                }
            }
        }
    }

    private Endpoints fromPods(Service service, List<Pod> pods) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        var ready = new ArrayList<EndpointAddress>();
        var notReady = new ArrayList<EndpointAddress>();
        var ports = new ArrayList<EndpointPort>();
        for (ServicePort sp : service.getSpec().getPorts()) {
            for (Pod pod : pods) {
                if (!selects(service, pod)) {
                    continue;
                }
                Optional<Integer> target = targetPort(sp, pod);
                if (target.isPresent()
                        && ports.stream()
                                .noneMatch(p -> p.getName() == null
                                        ? sp.getName() == null
                                        : p.getName().equals(sp.getName()))) {
                    ports.add(new EndpointPortBuilder()
                            .withName(sp.getName())
                            .withPort(target.get())
                            .withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                            .build());
                }
            }
        }
        for (Pod pod : pods) {
            if (!selects(service, pod)) {
                continue;
            }
            EndpointAddress address = new EndpointAddressBuilder()
                    .withIp(pod.getStatus().getPodIP())
                    .withNodeName(pod.getSpec().getNodeName())
                    .withTargetRef(podRef(pod))
                    .build();
            (isReady(pod) || publishNotReady ? ready : notReady).add(address);
        }
        var builder = new EndpointsBuilder()
                .withNewMetadata()
                .withName(service.getMetadata().getName())
                .withNamespace(namespace)
                .withLabels(service.getMetadata().getLabels())
                .endMetadata();
        if (!ready.isEmpty() || !notReady.isEmpty()) {
            builder.addNewSubset()
                    .withAddresses(ready)
                    .withNotReadyAddresses(notReady)
                    .withPorts(ports)
                    .endSubset();
        }
        return builder.build();
    }

    private boolean selects(Service service, Pod pod) {
        var labels = pod.getMetadata().getLabels();
        return labels != null
                && pod.getMetadata().getDeletionTimestamp() == null
                && "Running"
                        .equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())
                && pod.getStatus().getPodIP() != null
                && service.getSpec().getSelector().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Optional<Integer> targetPort(ServicePort sp, Pod pod) {
        var target = sp.getTargetPort();
        if (target == null) {
            return Optional.of(sp.getPort());
        }
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (target.getStrVal().equals(p.getName())) {
                    return Optional.of(p.getContainerPort());
                }
            }
        }
        return Optional.empty();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private EndpointSlice slice(
            Service service,
            Endpoints endpoints,
            String managedBy,
            io.fabric8.kubernetes.api.model.OwnerReference owner) {
        String serviceName = service.getMetadata().getName();
        var items = new ArrayList<Endpoint>();
        var ports = new ArrayList<io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort>();
        if (endpoints.getSubsets() != null) {
            for (var subset : endpoints.getSubsets()) {
                addEndpoints(items, subset.getAddresses(), true);
                addEndpoints(items, subset.getNotReadyAddresses(), false);
                if (subset.getPorts() != null) {
                    for (EndpointPort p : subset.getPorts()) {
                        ports.add(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder()
                                .withName(p.getName())
                                .withPort(p.getPort())
                                .withProtocol(p.getProtocol())
                                .build());
                    }
                }
            }
        }
        String name = existingSlice(serviceName, managedBy)
                .map(s -> s.getMetadata().getName())
                .orElseGet(() -> serviceName + "-" + suffix());
        var labels = new java.util.LinkedHashMap<String, String>();
        if (service.getMetadata().getLabels() != null) {
            labels.putAll(service.getMetadata().getLabels());
        }
        labels.put(SERVICE_NAME, serviceName);
        labels.put(MANAGED_BY, managedBy);
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name)
                .withGenerateName(serviceName + "-")
                .withNamespace(namespace)
                .withLabels(labels)
                .withOwnerReferences(owner)
                .endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(items)
                .withPorts(ports)
                .build();
    }

    private static void addEndpoints(List<Endpoint> items, List<EndpointAddress> addresses, boolean ready) {
        if (addresses == null) {
            return;
        }
        for (EndpointAddress a : addresses) {
            items.add(new EndpointBuilder()
                    .withAddresses(a.getIp())
                    .withNewConditions()
                    .withReady(ready)
                    .withServing(ready)
                    .withTerminating(false)
                    .endConditions()
                    .withNodeName(a.getNodeName())
                    .withTargetRef(a.getTargetRef())
                    .build());
        }
    }

    private Optional<EndpointSlice> existingSlice(String service, String managedBy) {
        return admin
                .discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .withLabel(SERVICE_NAME, service)
                .list()
                .getItems()
                .stream()
                .filter(s -> managedBy.equals(s.getMetadata().getLabels().get(MANAGED_BY)))
                .findFirst();
    }

    private static ObjectReference podRef(Pod pod) {
        return new ObjectReferenceBuilder()
                .withKind("Pod")
                .withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .build();
    }

    private static io.fabric8.kubernetes.api.model.OwnerReference owner(HasMetadata o) {
        return Manifests.controller(
                o.getApiVersion(),
                o.getKind(),
                o.getMetadata().getName(),
                o.getMetadata().getUid());
    }

    private static String suffix() {
        var sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private void upsert(HasMetadata desired) {
        HasMetadata existing = admin.resource(desired).get();
        if (existing == null) {
            admin.resource(desired).create();
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            admin.resource(desired).update();
        }
    }
}
