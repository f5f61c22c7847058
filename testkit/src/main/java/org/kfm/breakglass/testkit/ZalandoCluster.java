package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Zalando {@code acid.zalan.do/v1} {@code postgresql} of two instances, as the operator's
 * {@code pkg/cluster/k8sres.go} builds it and Spilo's Patroni (Kubernetes DCS, {@code use_endpoints}) completes
 * it: the master Service {@code <c>} <em>without a selector</em> (Patroni writes its Endpoints: the leader pod with
 * a targetRef), {@code <c>-repl} (selector {@code application=spilo, cluster-name=<c>, spilo-role=replica}),
 * {@code <c>-config} (headless, Patroni's), all port {@code postgresql} 5432 to 5432; StatefulSet {@code <c>} with
 * pods {@code <c>-0}, {@code <c>-1} ({@code application=spilo}, {@code cluster-name}, {@code team},
 * {@code spilo-role=master|replica}, container {@code postgres} on 8008, 5432, 8080); Secrets
 * {@code <user>.<c>.credentials.postgresql.acid.zalan.do} ({@code username}, {@code password}; the user's
 * underscores become dashes in the name) for the reader and for {@code postgres}, the superuser.
 */
final class ZalandoCluster implements OperatorCluster {

    static final String NAME = "kfm-zalando";
    static final String TEAM = "kfm";
    static final String API_VERSION = "acid.zalan.do/v1";
    private static final String IMAGE = "ghcr.io/zalando/spilo-15:3.0-p1";

    private final LocalPostgis pg;
    private final List<Instance> instances;

    ZalandoCluster(LocalPostgis pg, PostgresServer primary, PostgresServer replica) {
        this.pg = pg;
        this.instances = List.of(
                new Instance(NAME + "-0", "10.42.2.21", primary), new Instance(NAME + "-1", "10.42.2.22", replica));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Shape shape() {
        return Shape.ZALANDO;
    }

    /** The Secret name the operator gives a user's credentials. */
    static String secretName(String user) {
        return user.replace('_', '-') + "." + NAME + ".credentials.postgresql.acid.zalan.do";
    }

    @Override
    public CustomResourceDefinition crd() {
        return definition();
    }

    /** The operator's CRD as its install manifest applies it (no cluster of it needed). */
    static CustomResourceDefinition definition() {
        return Manifests.crd(
                "acid.zalan.do",
                "v1",
                "postgresql",
                "postgresqls",
                "postgresql",
                List.of("pg"),
                List.of("all"),
                false,
                List.of(
                        Manifests.column("Team", "string", ".spec.teamId"),
                        Manifests.column("Version", "string", ".spec.postgresql.version"),
                        Manifests.column("Pods", "integer", ".spec.numberOfInstances"),
                        Manifests.column("Volume", "string", ".spec.volume.size"),
                        Manifests.column("CPU-Request", "string", ".spec.resources.requests.cpu"),
                        Manifests.column("Memory-Request", "string", ".spec.resources.requests.memory"),
                        Manifests.column("Age", "date", ".metadata.creationTimestamp"),
                        Manifests.column("Status", "string", ".status.PostgresClusterStatus")));
    }

    @Override
    public GenericKubernetesResource customResource() {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("teamId", TEAM);
        spec.put("numberOfInstances", 2);
        spec.put("postgresql", Map.of("version", "15"));
        spec.put("volume", Map.of("size", "10Gi"));
        spec.put("users", Map.of(pg.reader().user(), List.of(), pg.owner().user(), List.of("createdb")));
        spec.put("databases", Map.of(pg.database(), pg.owner().user()));
        spec.put(
                "resources",
                Map.of(
                        "requests", Map.of("cpu", "250m", "memory", "512Mi"),
                        "limits", Map.of("cpu", "1", "memory", "2Gi")));
        return OperatorCluster.resource(API_VERSION, "postgresql", NAME, Map.of("team", TEAM), spec);
    }

    private static Map<String, String> clusterLabels() {
        var labels = new LinkedHashMap<String, String>();
        labels.put("application", "spilo");
        labels.put("cluster-name", NAME);
        labels.put("team", TEAM);
        return labels;
    }

    private static Map<String, String> roleLabels(String role) {
        var labels = clusterLabels();
        labels.put("spilo-role", role);
        return labels;
    }

    @Override
    public List<HasMetadata> objects(Lookup lookup) {
        var out = new ArrayList<HasMetadata>();
        IntOrString target = new IntOrString(5432);
        out.add(Manifests.service(NAME, roleLabels("master"), null, "postgresql", 5432, target, null, null));
        out.add(Manifests.service(
                NAME + "-repl",
                roleLabels("replica"),
                Map.of("application", "spilo", "cluster-name", NAME, "spilo-role", "replica"),
                "postgresql",
                5432,
                target,
                null,
                null));
        var config =
                Manifests.service(NAME + "-config", clusterLabels(), null, "postgresql", 5432, target, "None", null);
        config.getSpec().setPorts(List.of()); // Patroni creates it without ports, only to keep its Endpoints
        out.add(config);
        out.add(Manifests.secret(
                secretName(pg.reader().user()),
                "Opaque",
                clusterLabels(),
                Map.of("username", pg.reader().user(), "password", pg.reader().password()),
                null));
        out.add(Manifests.secret(
                secretName("postgres"),
                "Opaque",
                clusterLabels(),
                Map.of(
                        "username",
                        pg.superuser().user(),
                        "password",
                        pg.superuser().password()),
                null));
        out.add(new StatefulSetBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(clusterLabels())
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withServiceName(NAME)
                .withNewSelector()
                .withMatchLabels(Map.of("application", "spilo", "cluster-name", NAME))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(clusterLabels())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("postgres")
                .withImage(IMAGE)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReplicas(2)
                .withReadyReplicas(2)
                .withAvailableReplicas(2)
                .withCurrentReplicas(2)
                .withUpdatedReplicas(2)
                .endStatus()
                .build());
        return out;
    }

    @Override
    public List<Instance> instances() {
        return instances;
    }

    @Override
    public Pod pod(Instance instance, boolean primary, boolean ready, Lookup lookup) {
        var labels = roleLabels(primary ? "master" : "replica");
        labels.put("statefulset.kubernetes.io/pod-name", instance.pod());
        labels.put(
                "apps.kubernetes.io/pod-index",
                instance.pod().substring(instance.pod().lastIndexOf('-') + 1));
        labels.put(
                "controller-revision-hash",
                NAME + "-" + PodStatuses.digest(NAME).substring(0, 10));
        return new PodBuilder()
                .withNewMetadata()
                .withName(instance.pod())
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(labels)
                .withOwnerReferences(
                        Manifests.controller("apps/v1", "StatefulSet", NAME, lookup.uid("StatefulSet", NAME)))
                .endMetadata()
                .withNewSpec()
                .withHostname(instance.pod())
                .withSubdomain(NAME)
                .withNodeName(PodStatuses.NODE)
                .withServiceAccountName("postgres-pod")
                .addNewContainer()
                .withName("postgres")
                .withImage(IMAGE)
                .addNewPort()
                .withContainerPort(8008)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withContainerPort(5432)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withContainerPort(8080)
                .withProtocol("TCP")
                .endPort()
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("cpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("2Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    @Override
    public Map<String, Object> status(String primary, int readyInstances) {
        return Map.of("PostgresClusterStatus", "Running");
    }

    @Override
    public List<Endpoints> leaderEndpoints(Pod primary, Lookup lookup) {
        int transitions =
                primary.getMetadata().getName().equals(instances.getFirst().pod()) ? 0 : 1;
        Endpoints leader = Manifests.patroniLeader(NAME, roleLabels("master"), primary, "postgresql", transitions);
        Endpoints config = new EndpointsBuilder()
                .withNewMetadata()
                .withName(NAME + "-config")
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(clusterLabels())
                .addToAnnotations("initialize", "7412345678901234567")
                .addToAnnotations("config", "{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10}")
                .endMetadata()
                .build();
        return List.of(leader, config);
    }
}
