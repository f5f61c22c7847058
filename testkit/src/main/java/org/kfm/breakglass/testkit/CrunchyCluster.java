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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Crunchy PGO v5 {@code postgres-operator.crunchydata.com/v1beta1} {@code PostgresCluster} with one instance set
 * of two replicas, as the operator's {@code internal/controller/postgrescluster} builds it: {@code <c>-ha} (the
 * Patroni leader Service, no selector; Patroni writes its Endpoints: the leader pod with a targetRef),
 * {@code <c>-primary} (headless, <em>no selector</em>; the operator writes one Endpoints address, the
 * <em>cluster IP of {@code <c>-ha}</em>, and no targetRef), {@code <c>-replicas} (selector
 * {@code postgres-operator.crunchydata.com/cluster=<c>}, {@code .../role=replica}), {@code <c>-pods} (headless,
 * all instances), ports {@code postgres} 5432 to the container port named {@code postgres}; one StatefulSet per
 * instance ({@code <c>-instance1-xxxx}, pod {@code ...-0}) whose pod is labelled {@code .../cluster},
 * {@code .../instance-set}, {@code .../instance}, {@code .../data=postgres}, {@code .../role=master|replica}
 * (Patroni's leader value), containers {@code database} and {@code replication-cert-copy}; Secret
 * {@code <c>-pguser-<user>} ({@code user}, {@code password}, {@code verifier}, {@code dbname}, {@code host},
 * {@code port}, {@code uri}, {@code jdbc-uri}) for user {@code kfm-reader} (PGO user names are DNS labels), a
 * login role that is a member of {@code kfm_reader}.
 */
final class CrunchyCluster implements OperatorCluster {

    static final String NAME = "kfm-crunchy";
    static final String USER = "kfm-reader";
    static final String API_VERSION = "postgres-operator.crunchydata.com/v1beta1";
    private static final String PREFIX = "postgres-operator.crunchydata.com/";
    private static final String IMAGE =
            "registry.developers.crunchydata.com/crunchydata/crunchy-postgres-gis:ubi8-15.8-3.3-0";
    private static final List<String> SUFFIXES = List.of("x7kq", "9m2p");

    private final LocalPostgis pg;
    private final List<Instance> instances;

    CrunchyCluster(LocalPostgis pg, PostgresServer primary, PostgresServer replica) {
        this.pg = pg;
        this.instances = List.of(
                new Instance(statefulSet(0) + "-0", "10.42.3.31", primary),
                new Instance(statefulSet(1) + "-0", "10.42.3.32", replica));
    }

    private static String statefulSet(int i) {
        return NAME + "-instance1-" + SUFFIXES.get(i);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Shape shape() {
        return Shape.CRUNCHY;
    }

    @Override
    public CustomResourceDefinition crd() {
        return definition();
    }

    /** The operator's CRD as its install manifest applies it (no cluster of it needed). */
    static CustomResourceDefinition definition() {
        return Manifests.crd(
                "postgres-operator.crunchydata.com",
                "v1beta1",
                "PostgresCluster",
                "postgresclusters",
                "postgrescluster",
                List.of(),
                List.of(),
                false,
                List.of());
    }

    @Override
    public GenericKubernetesResource customResource() {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("postgresVersion", 15);
        spec.put("postGISVersion", "3.3");
        spec.put("image", IMAGE);
        spec.put("port", 5432);
        spec.put(
                "instances",
                List.of(Map.of(
                        "name",
                        "instance1",
                        "replicas",
                        2,
                        "dataVolumeClaimSpec",
                        Map.of(
                                "accessModes", List.of("ReadWriteOnce"),
                                "resources", Map.of("requests", Map.of("storage", "10Gi"))))));
        spec.put("users", List.of(Map.of("name", USER, "databases", List.of(pg.database()))));
        return OperatorCluster.resource(API_VERSION, "PostgresCluster", NAME, Map.of(), spec);
    }

    private static Map<String, String> labels(String... kv) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(PREFIX + "cluster", NAME);
        for (int i = 0; i < kv.length; i += 2) {
            labels.put(PREFIX + kv[i], kv[i + 1]);
        }
        return labels;
    }

    @Override
    public List<HasMetadata> objects(Lookup lookup) {
        var owner = Manifests.controller(API_VERSION, "PostgresCluster", NAME, lookup.uid("PostgresCluster", NAME));
        IntOrString byName = new IntOrString("postgres");
        var out = new ArrayList<HasMetadata>();
        out.add(Manifests.service(
                NAME + "-ha", labels("patroni", NAME + "-ha"), null, "postgres", 5432, byName, null, owner));
        out.add(Manifests.service(
                NAME + "-primary", labels("role", "primary"), null, "postgres", 5432, byName, "None", owner));
        out.add(Manifests.service(
                NAME + "-replicas",
                labels("role", "replica"),
                Map.of(PREFIX + "cluster", NAME, PREFIX + "role", "replica"),
                "postgres",
                5432,
                byName,
                null,
                owner));
        var pods = Manifests.service(
                NAME + "-pods", labels(), Map.of(PREFIX + "cluster", NAME), "postgres", 5432, byName, "None", owner);
        pods.getSpec().setPublishNotReadyAddresses(true);
        out.add(pods);
        out.add(userSecret(owner));
        for (int i = 0; i < instances.size(); i++) {
            out.add(new StatefulSetBuilder()
                    .withNewMetadata()
                    .withName(statefulSet(i))
                    .withNamespace(StageObjects.NAMESPACE)
                    .withLabels(labels("instance-set", "instance1", "instance", statefulSet(i), "data", "postgres"))
                    .withOwnerReferences(owner)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withServiceName(NAME + "-pods")
                    .withNewSelector()
                    .withMatchLabels(labels("instance-set", "instance1", "instance", statefulSet(i)))
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .withLabels(labels("instance-set", "instance1", "instance", statefulSet(i), "data", "postgres"))
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("database")
                    .withImage(IMAGE)
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .withNewStatus()
                    .withReplicas(1)
                    .withReadyReplicas(1)
                    .withAvailableReplicas(1)
                    .withCurrentReplicas(1)
                    .withUpdatedReplicas(1)
                    .endStatus()
                    .build());
        }
        return out;
    }

    private HasMetadata userSecret(io.fabric8.kubernetes.api.model.OwnerReference owner) {
        DbRole role = pg.readerLogin(USER);
        String host = NAME + "-primary." + StageObjects.NAMESPACE + ".svc";
        String db = pg.database();
        String user = URLEncoder.encode(role.user(), StandardCharsets.UTF_8);
        String password = URLEncoder.encode(role.password(), StandardCharsets.UTF_8);
        var data = new LinkedHashMap<String, String>();
        data.put("host", host);
        data.put("port", "5432");
        data.put("user", role.user());
        data.put("password", role.password());
        data.put("verifier", pg.scramVerifier(role));
        data.put("dbname", db);
        data.put("uri", "postgresql://" + user + ":" + password + "@" + host + ":5432/" + db);
        data.put("jdbc-uri", "jdbc:postgresql://" + host + ":5432/" + db + "?password=" + password + "&user=" + user);
        return Manifests.secret(
                NAME + "-pguser-" + USER, "Opaque", labels("role", "pguser", "pguser", USER), data, owner);
    }

    @Override
    public List<Instance> instances() {
        return instances;
    }

    @Override
    public Pod pod(Instance instance, boolean primary, boolean ready, Lookup lookup) {
        int i = instances.indexOf(instance);
        var podLabels = labels(
                "instance-set",
                "instance1",
                "instance",
                statefulSet(i),
                "data",
                "postgres",
                "role",
                primary ? "master" : "replica",
                "patroni",
                NAME + "-ha");
        podLabels.put("statefulset.kubernetes.io/pod-name", instance.pod());
        podLabels.put("apps.kubernetes.io/pod-index", "0");
        podLabels.put(
                "controller-revision-hash",
                statefulSet(i) + "-" + PodStatuses.digest(statefulSet(i)).substring(0, 10));
        return new PodBuilder()
                .withNewMetadata()
                .withName(instance.pod())
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(podLabels)
                .withOwnerReferences(Manifests.controller(
                        "apps/v1", "StatefulSet", statefulSet(i), lookup.uid("StatefulSet", statefulSet(i))))
                .endMetadata()
                .withNewSpec()
                .withHostname(instance.pod())
                .withSubdomain(NAME + "-pods")
                .withNodeName(PodStatuses.NODE)
                .withServiceAccountName(NAME + "-instance")
                .addNewContainer()
                .withName("database")
                .withImage(IMAGE)
                .addNewPort()
                .withName("postgres")
                .withContainerPort(5432)
                .withProtocol("TCP")
                .endPort()
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("2Gi"))
                .endResources()
                .endContainer()
                .addNewContainer()
                .withName("replication-cert-copy")
                .withImage(IMAGE)
                .endContainer()
                .endSpec()
                .build();
    }

    @Override
    public Map<String, Object> status(String primary, int readyInstances) {
        var status = new LinkedHashMap<String, Object>();
        status.put(
                "instances",
                List.of(Map.of(
                        "name", "instance1", "replicas", 2, "readyReplicas", readyInstances, "updatedReplicas", 2)));
        status.put("patroni", Map.of("systemIdentifier", "7412345678901234567"));
        status.put("observedGeneration", 1);
        return status;
    }

    @Override
    public List<Endpoints> leaderEndpoints(Pod primary, Lookup lookup) {
        int transitions =
                primary.getMetadata().getName().equals(instances.getFirst().pod()) ? 0 : 1;
        Endpoints ha = Manifests.patroniLeader(
                NAME + "-ha", labels("patroni", NAME + "-ha"), primary, "postgres", transitions);
        Endpoints primaryEndpoints = new EndpointsBuilder()
                .withNewMetadata()
                .withName(NAME + "-primary")
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(labels("role", "primary"))
                .endMetadata()
                .addNewSubset()
                .addNewAddress()
                .withIp(lookup.clusterIp(NAME + "-ha"))
                .endAddress()
                .addNewPort()
                .withName("postgres")
                .withPort(5432)
                .withProtocol("TCP")
                .endPort()
                .endSubset()
                .build();
        return List.of(ha, primaryEndpoints);
    }
}
