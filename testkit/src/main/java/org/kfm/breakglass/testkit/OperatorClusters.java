package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator clusters of a {@link FakeCluster}: seeds them (CRD, custom resource, its objects, pods bound to
 * LocalPostgis's servers, status, leader endpoints) and, on failover, does what the operator and Patroni do: the
 * pods on the promoted server become primaries, the others replicas and NotReady, the custom resource's status and
 * the leader Endpoints follow.
 */
final class OperatorClusters implements OperatorCluster.Lookup {

    private final KubernetesClient admin;
    private final ServiceDefaults defaults;
    private final List<OperatorCluster> clusters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, String> uids = new ConcurrentHashMap<>();
    private final Map<String, String> clusterIps = new ConcurrentHashMap<>();

    OperatorClusters(KubernetesClient admin, ServiceDefaults defaults) {
        this.admin = admin;
        this.defaults = defaults;
    }

    /** Creates an object as a client would, with the API server's Service defaults; remembers its UID. */
    HasMetadata create(HasMetadata object) {
        HasMetadata o = object instanceof Service s ? defaults.apply(s) : object;
        HasMetadata created = admin.resource(o).create();
        uids.put(
                created.getKind() + "/" + created.getMetadata().getName(),
                created.getMetadata().getUid());
        if (created instanceof Service s) {
            clusterIps.put(s.getMetadata().getName(), s.getSpec().getClusterIP());
        }
        return created;
    }

    /** Creates {@code crd} unless the cluster already has it (several clusters of one operator share it). */
    void install(CustomResourceDefinition crd) {
        if (admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .get()
                == null) {
            create(crd);
        }
    }

    void seed(OperatorCluster cluster) {
        install(cluster.crd());
        GenericKubernetesResource cr = (GenericKubernetesResource) create(cluster.customResource());
        for (HasMetadata o : cluster.objects(this)) {
            create(o);
        }
        Pod primary = null;
        for (OperatorCluster.Instance instance : cluster.instances()) {
            boolean isPrimary = instance == cluster.instances().getFirst();
            Pod pod = cluster.pod(instance, isPrimary, true, this);
            pod.setStatus(PodStatuses.running(
                    pod.getSpec(), UUID.randomUUID().toString(), instance.ip(), true, Manifests.now()));
            Pod created = (Pod) create(pod);
            if (isPrimary) {
                primary = created;
            }
        }
        writeStatus(
                cluster,
                cr,
                cluster.instances().getFirst().pod(),
                cluster.instances().size());
        for (var endpoints : cluster.leaderEndpoints(primary, this)) {
            upsert(endpoints);
        }
        clusters.add(cluster);
    }

    List<OperatorCluster> clusters() {
        return List.copyOf(clusters);
    }

    /** The server behind a pod of these clusters. */
    Optional<PostgresServer> server(String namespace, String pod) {
        if (!StageObjects.NAMESPACE.equals(namespace)) {
            return Optional.empty();
        }
        return clusters.stream()
                .flatMap(c -> c.instances().stream())
                .filter(i -> i.pod().equals(pod))
                .map(OperatorCluster.Instance::server)
                .findFirst();
    }

    /** Pods whose server is {@code server}. */
    List<String> podsOn(PostgresServer server) {
        return clusters.stream()
                .flatMap(c -> c.instances().stream())
                .filter(i -> i.server() == server)
                .map(OperatorCluster.Instance::pod)
                .toList();
    }

    /** After LocalPostgis promoted {@code promoted}: relabels pods, marks stopped servers' pods NotReady. */
    void failedOver(PostgresServer promoted) {
        for (OperatorCluster cluster : clusters) {
            Pod primary = null;
            int ready = 0;
            for (OperatorCluster.Instance instance : cluster.instances()) {
                boolean isPrimary = instance.server() == promoted;
                boolean isReady = instance.server().isRunning();
                ready += isReady ? 1 : 0;
                Pod existing = admin.pods()
                        .inNamespace(StageObjects.NAMESPACE)
                        .withName(instance.pod())
                        .get();
                Pod wanted = cluster.pod(instance, isPrimary, isReady, this);
                existing.getMetadata().setLabels(wanted.getMetadata().getLabels());
                existing.setStatus(PodStatuses.running(
                        existing.getSpec(), existing.getMetadata().getUid(), instance.ip(), isReady, Manifests.now()));
                Pod updated = admin.resource(existing).update();
                if (isPrimary) {
                    primary = updated;
                }
            }
            if (primary == null) {
                throw new IllegalStateException(cluster.name() + " has no instance on the promoted server " + promoted);
            }
            GenericKubernetesResource cr = admin.genericKubernetesResources(
                            cluster.customResource().getApiVersion(),
                            cluster.customResource().getKind())
                    .inNamespace(StageObjects.NAMESPACE)
                    .withName(cluster.name())
                    .get();
            writeStatus(cluster, cr, primary.getMetadata().getName(), ready);
            for (var endpoints : cluster.leaderEndpoints(primary, this)) {
                upsert(endpoints);
            }
        }
    }

    private void writeStatus(OperatorCluster cluster, GenericKubernetesResource cr, String primary, int ready) {
        cr.setAdditionalProperty("status", cluster.status(primary, ready));
        admin.genericKubernetesResources(cr.getApiVersion(), cr.getKind())
                .inNamespace(StageObjects.NAMESPACE)
                .resource(cr)
                .updateStatus();
    }

    private void upsert(HasMetadata desired) {
        HasMetadata existing = admin.resource(desired).get();
        if (existing == null) {
            create(desired);
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            desired.getMetadata().setUid(existing.getMetadata().getUid());
            admin.resource(desired).update();
        }
    }

    @Override
    public String uid(String kind, String name) {
        String uid = uids.get(kind + "/" + name);
        if (uid == null) {
            throw new IllegalStateException(kind + " " + name + " has not been created yet");
        }
        return uid;
    }

    @Override
    public String clusterIp(String service) {
        String ip = clusterIps.get(service);
        if (ip == null) {
            throw new IllegalStateException("Service " + service + " has not been created yet");
        }
        return ip;
    }
}
