package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CloudNativePG {@code postgresql.cnpg.io/v1} {@code Cluster} of two instances, as the operator's
 * {@code pkg/specs} builds it: Services {@code <c>-rw} (selector {@code cnpg.io/cluster} +
 * {@code cnpg.io/instanceRole=primary}), {@code <c>-ro} ({@code ...=replica}) and {@code <c>-r}
 * ({@code cnpg.io/podRole=instance}), all port {@code postgres} 5432 to 5432; Secret {@code <c>-app}
 * ({@code kubernetes.io/basic-auth}: {@code username}, {@code user}, {@code password}, {@code dbname},
 * {@code host}, {@code hostname}, {@code port}, {@code pgpass}, {@code uri}, {@code jdbc-uri}, {@code fqdn-uri},
 * {@code fqdn-jdbc-uri}) holding the reader; pods {@code <c>-1}, {@code <c>-2} owned by the Cluster, container
 * {@code postgres} (ports {@code postgresql} 5432, {@code metrics} 9187, {@code status} 8000), labelled
 * {@code cnpg.io/cluster}, {@code cnpg.io/instanceName}, {@code cnpg.io/podRole=instance} and
 * {@code cnpg.io/instanceRole} (plus the deprecated {@code role}); a PVC per instance. No superuser Secret:
 * {@code enableSuperuserAccess} is false, CloudNativePG's default.
 */
final class CnpgCluster implements OperatorCluster {

    static final String NAME = "kfm-cnpg";
    static final String GROUP = "postgresql.cnpg.io";
    static final String API_VERSION = GROUP + "/v1";
    private static final String IMAGE = "ghcr.io/cloudnative-pg/postgis:15";

    private final LocalPostgis pg;
    private final List<Instance> instances;

    CnpgCluster(LocalPostgis pg, PostgresServer primary, PostgresServer replica) {
        this.pg = pg;
        this.instances = List.of(
                new Instance(NAME + "-1", "10.42.1.11", primary), new Instance(NAME + "-2", "10.42.1.12", replica));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Shape shape() {
        return Shape.CNPG;
    }

    @Override
    public CustomResourceDefinition crd() {
        return definition();
    }

    /** The operator's CRD as its install manifest applies it (no cluster of it needed). */
    static CustomResourceDefinition definition() {
        return Manifests.crd(
                GROUP,
                "v1",
                "Cluster",
                "clusters",
                "cluster",
                List.of(),
                List.of(),
                true,
                List.of(
                        Manifests.column("Age", "date", ".metadata.creationTimestamp"),
                        Manifests.column("Instances", "integer", ".status.instances"),
                        Manifests.column("Ready", "integer", ".status.readyInstances"),
                        Manifests.column("Status", "string", ".status.phase"),
                        Manifests.column("Primary", "string", ".status.currentPrimary")));
    }

    @Override
    public GenericKubernetesResource customResource() {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("instances", 2);
        spec.put("imageName", IMAGE);
        spec.put("enableSuperuserAccess", false);
        spec.put(
                "bootstrap",
                Map.of(
                        "initdb",
                        Map.of("database", pg.database(), "owner", pg.reader().user())));
        spec.put("storage", Map.of("size", "10Gi"));
        spec.put(
                "resources",
                Map.of("requests", Map.of("cpu", "250m", "memory", "512Mi"), "limits", Map.of("memory", "2Gi")));
        return OperatorCluster.resource(API_VERSION, "Cluster", NAME, Map.of(), spec);
    }

    private Map<String, String> serviceLabels() {
        var labels = new LinkedHashMap<String, String>();
        labels.put("cnpg.io/cluster", NAME);
        labels.put("app.kubernetes.io/name", "postgresql");
        labels.put("app.kubernetes.io/instance", NAME);
        labels.put("app.kubernetes.io/version", "15");
        labels.put("app.kubernetes.io/component", "database");
        labels.put("app.kubernetes.io/managed-by", "cloudnative-pg");
        return labels;
    }

    private OwnerReference owner(Lookup lookup) {
        return Manifests.controller(API_VERSION, "Cluster", NAME, lookup.uid("Cluster", NAME));
    }

    @Override
    public List<HasMetadata> objects(Lookup lookup) {
        var out = new ArrayList<HasMetadata>();
        IntOrString target = new IntOrString(5432);
        out.add(Manifests.service(
                NAME + "-rw",
                serviceLabels(),
                Map.of("cnpg.io/cluster", NAME, "cnpg.io/instanceRole", "primary"),
                "postgres",
                5432,
                target,
                null,
                owner(lookup)));
        out.add(Manifests.service(
                NAME + "-ro",
                serviceLabels(),
                Map.of("cnpg.io/cluster", NAME, "cnpg.io/instanceRole", "replica"),
                "postgres",
                5432,
                target,
                null,
                owner(lookup)));
        out.add(Manifests.service(
                NAME + "-r",
                serviceLabels(),
                Map.of("cnpg.io/cluster", NAME, "cnpg.io/podRole", "instance"),
                "postgres",
                5432,
                target,
                null,
                owner(lookup)));
        out.add(appSecret(lookup));
        for (Instance i : instances) {
            out.add(new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName(i.pod())
                    .withNamespace(StageObjects.NAMESPACE)
                    .addToLabels("cnpg.io/cluster", NAME)
                    .addToLabels("cnpg.io/instanceName", i.pod())
                    .addToLabels("cnpg.io/pvcRole", "PG_DATA")
                    .withOwnerReferences(owner(lookup))
                    .endMetadata()
                    .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources()
                    .addToRequests("storage", new Quantity("10Gi"))
                    .endResources()
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Bound")
                    .endStatus()
                    .build());
        }
        return out;
    }

    private HasMetadata appSecret(Lookup lookup) {
        DbRole role = pg.reader();
        String db = pg.database();
        String hostname = NAME + "-rw";
        String fqdn = hostname + "." + StageObjects.NAMESPACE + ".svc.cluster.local";
        String namespaced = hostname + "." + StageObjects.NAMESPACE + ":5432";
        String user = enc(role.user());
        String password = enc(role.password());
        var data = new LinkedHashMap<String, String>();
        data.put("username", role.user());
        data.put("user", role.user());
        data.put("password", role.password());
        data.put("dbname", db);
        data.put("host", fqdn);
        data.put("hostname", hostname);
        data.put("port", "5432");
        data.put("pgpass", hostname + ":5432:" + db + ":" + role.user() + ":" + role.password() + "\n");
        data.put("uri", "postgresql://" + user + ":" + password + "@" + namespaced + "/" + db);
        data.put("jdbc-uri", "jdbc:postgresql://" + namespaced + "/" + db + "?password=" + password + "&user=" + user);
        data.put("fqdn-uri", "postgresql://" + user + ":" + password + "@" + fqdn + ":5432/" + db);
        data.put(
                "fqdn-jdbc-uri",
                "jdbc:postgresql://" + fqdn + ":5432/" + db + "?password=" + password + "&user=" + user);
        var labels = new LinkedHashMap<String, String>();
        labels.put("cnpg.io/userType", "app");
        labels.put("cnpg.io/reload", "true");
        labels.put("app.kubernetes.io/managed-by", "cloudnative-pg");
        labels.put("cnpg.io/cluster", NAME);
        return Manifests.secret(NAME + "-app", "kubernetes.io/basic-auth", labels, data, owner(lookup));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public List<Instance> instances() {
        return instances;
    }

    @Override
    public Pod pod(Instance instance, boolean primary, boolean ready, Lookup lookup) {
        String role = primary ? "primary" : "replica";
        var labels = new LinkedHashMap<String, String>();
        labels.put("cnpg.io/cluster", NAME);
        labels.put("cnpg.io/instanceName", instance.pod());
        labels.put("cnpg.io/podRole", "instance");
        labels.put("cnpg.io/instanceRole", role);
        labels.put("role", role);
        labels.put("app.kubernetes.io/name", "postgresql");
        labels.put("app.kubernetes.io/instance", NAME);
        labels.put("app.kubernetes.io/version", "15");
        labels.put("app.kubernetes.io/component", "database");
        labels.put("app.kubernetes.io/managed-by", "cloudnative-pg");
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(instance.pod())
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(labels)
                .addToAnnotations(
                        "cnpg.io/nodeSerial",
                        instance.pod().substring(instance.pod().lastIndexOf('-') + 1))
                .addToAnnotations("cnpg.io/operatorVersion", "1.27.0")
                .withOwnerReferences(owner(lookup))
                .endMetadata()
                .withNewSpec()
                .withHostname(instance.pod())
                .withNodeName(PodStatuses.NODE)
                .withServiceAccountName(NAME)
                .addNewInitContainer()
                .withName("bootstrap-controller")
                .withImage("ghcr.io/cloudnative-pg/cloudnative-pg:1.27.0")
                .withCommand("/manager", "bootstrap", "/controller/manager")
                .endInitContainer()
                .addNewContainer()
                .withName("postgres")
                .withImage(IMAGE)
                .withCommand("/controller/manager", "instance", "run")
                .addNewPort()
                .withName("postgresql")
                .withContainerPort(5432)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withName("metrics")
                .withContainerPort(9187)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withName("status")
                .withContainerPort(8000)
                .withProtocol("TCP")
                .endPort()
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("2Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
        return pod;
    }

    @Override
    public Map<String, Object> status(String primary, int readyInstances) {
        var status = new LinkedHashMap<String, Object>();
        status.put("instances", 2);
        status.put("readyInstances", readyInstances);
        status.put(
                "phase",
                readyInstances == 2 ? "Cluster in healthy state" : "Waiting for the instances to become active");
        status.put("currentPrimary", primary);
        status.put("targetPrimary", primary);
        status.put("instanceNames", instances.stream().map(Instance::pod).toList());
        status.put("writeService", NAME + "-rw");
        status.put("readService", NAME + "-r");
        status.put("latestGeneratedNode", 2);
        status.put(
                "conditions",
                List.of(Map.of(
                        "type", "Ready",
                        "status", readyInstances == 2 ? "True" : "False",
                        "reason", readyInstances == 2 ? "ClusterIsReady" : "ClusterIsNotReady",
                        "message", readyInstances == 2 ? "Cluster is Ready" : "Cluster Is Not Ready",
                        "lastTransitionTime", Manifests.now())));
        return status;
    }

    @Override
    public List<Endpoints> leaderEndpoints(Pod primary, Lookup lookup) {
        return List.of(); // every CloudNativePG Service has a selector
    }
}
