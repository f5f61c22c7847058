package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.KubeNames;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every PostgreSQL target of a namespace: plain Services that look like PostgreSQL (a port 5432 or a port
 * named {@code postgres…}) and each operator's clusters, with the pod each resolves to, the Ready replicas and the
 * Secret the console would read.
 *
 * <p>The namespace is read in one round of parallel requests — Services, pods, EndpointSlices and the three
 * operators' custom resources through fabric8's generic resources — because real API servers are remote and
 * these six lists do not depend on each other; every target is then resolved from that one listing by the same
 * code {@code --target} uses. An operator whose CRD is not installed has no clusters; one whose clusters RBAC
 * forbids listing, or EndpointSlices that cannot be listed, are reported as warnings, not failures. Services that
 * an operator owns are listed under their cluster, not again as plain Services.
 */
public final class TargetCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(TargetCatalog.class);

    private final ClusterAccess access;
    private final SecretConventions conventions;

    public TargetCatalog(ClusterAccess access, SecretConventions conventions) {
        this.access = Objects.requireNonNull(access, "access");
        this.conventions = Objects.requireNonNull(conventions, "conventions");
    }

    /** Every PostgreSQL target in {@code namespace}. */
    public Discovery discover(String namespace) {
        KubeNames.requireNamespace(namespace);
        var warnings = new CopyOnWriteArrayList<String>();
        var snapshot = list(namespace, warnings);
        var targets = new ArrayList<DiscoveredTarget>();
        var owned = new HashSet<String>();
        for (var operator : Operator.all()) {
            for (var manifest : snapshot.manifests().getOrDefault(operator, List.of())) {
                owned.addAll(operator.serviceNames(manifest.name()));
            }
        }
        snapshot.allServices().stream()
                .filter(s -> !owned.contains(s.getMetadata().getName()))
                .filter(s -> Operator.all().stream().noneMatch(o -> o.owns(s)))
                .flatMap(s -> postgresPort(s).stream().map(p -> plainService(snapshot, s, p)))
                .sorted(Comparator.comparing(DiscoveredTarget::name))
                .forEach(targets::add);
        for (var operator : Operator.all()) {
            snapshot.manifests().getOrDefault(operator, List.of()).stream()
                    .sorted(Comparator.comparing(Manifest::name))
                    .map(m -> cluster(snapshot, operator, m))
                    .forEach(targets::add);
        }
        return new Discovery(namespace, targets, warnings);
    }

    private NamespaceSnapshot list(String namespace, List<String> warnings) {
        var client = access.client();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Service>> services = pool.submit(() -> access.call(
                    "list the Services of " + namespace,
                    () -> client.services().inNamespace(namespace).list().getItems()));
            Future<List<io.fabric8.kubernetes.api.model.Pod>> pods = pool.submit(() -> access.call(
                    "list the pods of " + namespace,
                    () -> client.pods().inNamespace(namespace).list().getItems()));
            Future<List<EndpointSlice>> slices = pool.submit(() -> orWarn(
                            "list the EndpointSlices of " + namespace,
                            "Services without a selector cannot be resolved",
                            warnings,
                            () -> client.discovery()
                                    .v1()
                                    .endpointSlices()
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems())
                    .orElse(List.of()));
            var clusters = new LinkedHashMap<Operator, Future<Optional<List<GenericKubernetesResource>>>>();
            for (var operator : Operator.all()) {
                clusters.put(
                        operator,
                        pool.submit(() -> orWarn(
                                "list " + operator.resourceName() + " in " + namespace,
                                operator.title() + " clusters are not shown",
                                warnings,
                                () -> client.genericKubernetesResources(operator.resource())
                                        .inNamespace(namespace)
                                        .list()
                                        .getItems())));
            }
            var manifests = new LinkedHashMap<Operator, List<Manifest>>();
            for (var entry : clusters.entrySet()) {
                join(entry.getValue())
                        .ifPresent(items -> manifests.put(
                                entry.getKey(), items.stream().map(Manifest::of).toList()));
            }
            return new NamespaceSnapshot(namespace, join(services), join(pods), join(slices), manifests);
        }
    }

    /**
     * A list that discovery can do without: 403 becomes a warning, 404 (the CRD is not installed) an empty list.
     */
    private <T> Optional<List<T>> orWarn(
            String action, String consequence, List<String> warnings, Supplier<List<T>> call) {
        return access.call(action, () -> {
            try {
                return Optional.of(call.get());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return Optional.of(List.<T>of());
                }
                if (e.getCode() == 403) {
                    LOG.warn("Discovery may not {}: {}", action, consequence);
                    warnings.add("not allowed to " + action + " (403): " + consequence);
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new KubeAccessException("Discovery failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeAccessException("Interrupted while listing the namespace", e);
        }
    }

    /** The port that makes a Service look like PostgreSQL: one named postgres…, else 5432. */
    private static Optional<ServicePort> postgresPort(Service service) {
        var ports = PortChoice.ports(service);
        return ports.stream()
                .filter(p -> p.getName() != null && p.getName().startsWith("postgres"))
                .findFirst()
                .or(() -> ports.stream()
                        .filter(p -> Objects.equals(p.getPort(), 5432))
                        .findFirst());
    }

    private DiscoveredTarget plainService(NamespaceSnapshot snapshot, Service service, ServicePort port) {
        var ref =
                new TargetRef(TargetRef.Kind.SERVICE, service.getMetadata().getName(), String.valueOf(port.getPort()));
        var secret = Optional.of(conventions.plainTargets().secretName());
        try {
            var first = TargetResolution.candidates(snapshot, ref, conventions).getFirst();
            return new DiscoveredTarget(ref, Optional.of(first.pod().name()), List.of(), secret, Optional.empty());
        } catch (TargetUnavailableException e) {
            return new DiscoveredTarget(ref, Optional.empty(), List.of(), secret, Optional.of(e.getMessage()));
        }
    }

    private DiscoveredTarget cluster(NamespaceSnapshot snapshot, Operator operator, Manifest manifest) {
        var primaryRef = new TargetRef(operator.kind(), manifest.name(), "", TargetRef.Role.PRIMARY);
        var replicaRef = new TargetRef(operator.kind(), manifest.name(), "", TargetRef.Role.REPLICA);
        var problems = new ArrayList<String>();
        Optional<String> secret;
        try {
            secret = Optional.of(operator.secret(manifest.name(), Optional.of(manifest), conventions)
                    .secretName());
        } catch (TargetUnavailableException e) {
            secret = Optional.empty();
            problems.add(e.getMessage());
        }
        Optional<String> primary;
        try {
            primary = Optional.of(TargetResolution.operatorPods(snapshot, operator, primaryRef)
                    .getFirst()
                    .pod()
                    .getMetadata()
                    .getName());
        } catch (TargetUnavailableException e) {
            primary = Optional.empty();
            problems.add(e.getMessage());
        }
        List<String> replicas;
        try {
            replicas = TargetResolution.operatorPods(snapshot, operator, replicaRef).stream()
                    .map(b -> b.pod().getMetadata().getName())
                    .toList();
        } catch (TargetUnavailableException e) {
            replicas = List.of(); // a cluster of one instance has no Ready replica: not a problem
        }
        return new DiscoveredTarget(
                primaryRef,
                primary,
                replicas,
                secret,
                problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)));
    }
}
