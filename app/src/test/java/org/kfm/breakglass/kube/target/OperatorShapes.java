package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Objects shaped as the three operators and the API server leave them, seeded into a fake cluster through its admin
 * client (the testkit's operator fixtures come later): custom resources modelled on the operators' example
 * manifests, pods with their role labels and IPs, Services with and without selectors, EndpointSlices as the
 * EndpointSlice controller and the mirroring controller write them, and Secrets with each operator's keys.
 */
final class OperatorShapes {

    private static final AtomicInteger IPS = new AtomicInteger(10);

    private final KubernetesClient admin;
    private final String namespace;

    OperatorShapes(KubernetesClient admin, String namespace) {
        this.admin = admin;
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    static String nextIp() {
        return "10.244.1." + IPS.incrementAndGet();
    }

    // --- CloudNativePG ---------------------------------------------------------------------------------------------

    /** A Cluster with one primary {@code <c>-1} and {@code replicas} replicas {@code <c>-2…}, its Services and Secret. */
    Map<String, Pod> cloudNativePg(String cluster, int replicas, Map<String, Object> bootstrap) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("instances", replicas + 1);
        spec.put("imageName", "ghcr.io/cloudnative-pg/postgis:15-3.4");
        spec.put("storage", Map.of("size", "1Gi"));
        if (bootstrap != null) {
            spec.put("bootstrap", bootstrap);
        }
        create(resource("postgresql.cnpg.io/v1", "Cluster", cluster, spec), CloudNativePg.class);
        var pods = new LinkedHashMap<String, Pod>();
        for (int i = 1; i <= replicas + 1; i++) {
            String name = cluster + "-" + i;
            pods.put(name, createPod(cnpgPod(cluster, name, i == 1 ? "primary" : "replica", true)));
        }
        for (var suffix : List.of("-rw", "-ro", "-r")) {
            var selector = new LinkedHashMap<String, String>();
            selector.put("cnpg.io/cluster", cluster);
            switch (suffix) {
                case "-rw" -> selector.put("cnpg.io/instanceRole", "primary");
                case "-ro" -> selector.put("cnpg.io/instanceRole", "replica");
                default -> selector.put("cnpg.io/podRole", "instance");
            }
            admin.resource(service(
                            cluster + suffix,
                            Map.of("cnpg.io/cluster", cluster, "app.kubernetes.io/managed-by", "cloudnative-pg"),
                            selector,
                            "postgres",
                            5432,
                            new IntOrString(5432),
                            nextClusterIp()))
                    .create();
        }
        return pods;
    }

    Pod cnpgPod(String cluster, String name, String role, boolean ready) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("cnpg.io/cluster", cluster);
        labels.put("cnpg.io/instanceName", name);
        labels.put("cnpg.io/podRole", "instance");
        labels.put("cnpg.io/instanceRole", role);
        labels.put("role", role); // deprecated since 1.24, still set
        return pod(
                name,
                labels,
                "postgres",
                List.of(port("postgresql", 5432), port("metrics", 9187), port("status", 8000)),
                ready);
    }

    /** {@code <c>-app} as CloudNativePG 1.21+ writes it; {@code legacy} leaves out {@code user} and {@code dbname}. */
    void cloudNativePgAppSecret(String secret, String user, String password, String dbname, boolean legacy) {
        var data = new LinkedHashMap<String, String>();
        data.put("username", user);
        data.put("password", password);
        data.put("pgpass", "kfm-rw:5432:" + dbname + ":" + user + ":" + password + "\n");
        if (!legacy) {
            data.put("user", user);
            data.put("dbname", dbname);
            data.put("host", "kfm-rw");
            data.put("port", "5432");
            data.put("uri", "postgresql://" + user + ":" + password + "@kfm-rw." + namespace + ":5432/" + dbname);
            data.put(
                    "jdbc-uri",
                    "jdbc:postgresql://kfm-rw." + namespace + ":5432/" + dbname + "?password=" + password + "&user="
                            + user);
        }
        admin.resource(secret(secret, "kubernetes.io/basic-auth", Map.of("cnpg.io/userType", "app"), data))
                .create();
    }

    // --- Zalando ---------------------------------------------------------------------------------------------------

    /**
     * A {@code postgresql} like the operator's minimal example (a superuser owner and an application user), master
     * pod {@code <c>-0} and replicas {@code <c>-1…}; the master Service without a selector and its mirrored
     * EndpointSlice naming the master pod ({@code withTargetRef}) or only its IP.
     */
    Map<String, Pod> zalando(String cluster, int replicas, Map<String, Object> spec, boolean withTargetRef) {
        var full = new LinkedHashMap<String, Object>();
        full.put("teamId", cluster.substring(0, cluster.indexOf('-')));
        full.put("volume", Map.of("size", "1Gi"));
        full.put("numberOfInstances", replicas + 1);
        full.put("postgresql", Map.of("version", "15"));
        full.putAll(spec);
        create(resource("acid.zalan.do/v1", "postgresql", cluster, full), Zalando.class);
        var pods = new LinkedHashMap<String, Pod>();
        for (int i = 0; i <= replicas; i++) {
            String name = cluster + "-" + i;
            pods.put(name, createPod(spiloPod(cluster, name, i == 0 ? "master" : "replica", true)));
        }
        var serviceLabels = Map.of("application", "spilo", "cluster-name", cluster, "team", "acid");
        var master = new LinkedHashMap<>(serviceLabels);
        master.put("spilo-role", "master");
        admin.resource(service(cluster, master, null, "postgresql", 5432, new IntOrString(5432), nextClusterIp()))
                .create();
        var replica = new LinkedHashMap<>(serviceLabels);
        replica.put("spilo-role", "replica");
        admin.resource(service(
                        cluster + "-repl",
                        replica,
                        Map.of("application", "spilo", "cluster-name", cluster, "spilo-role", "replica"),
                        "postgresql",
                        5432,
                        new IntOrString(5432),
                        nextClusterIp()))
                .create();
        var primary = pods.get(cluster + "-0");
        createSlice(mirroredSlice(cluster, "postgresql", 5432, List.of(endpoint(primary, true, withTargetRef))));
        return pods;
    }

    Pod spiloPod(String cluster, String name, String role, boolean ready) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("application", "spilo");
        labels.put("cluster-name", cluster);
        labels.put("spilo-role", role);
        labels.put("team", "acid");
        // Spilo's container ports are not named.
        return pod(name, labels, "postgres", List.of(port(null, 8008), port(null, 5432), port(null, 8080)), ready);
    }

    void zalandoSecret(String user, String cluster, String password) {
        admin.resource(secret(
                        user.replace('_', '-') + "." + cluster + ".credentials.postgresql.acid.zalan.do",
                        "Opaque",
                        Map.of("application", "spilo", "cluster-name", cluster, "team", "acid"),
                        Map.of("username", user, "password", password)))
                .create();
    }

    // --- Crunchy PGO -----------------------------------------------------------------------------------------------

    /**
     * A PostgresCluster with instance set {@code instance1}: the leader pod and {@code replicas} replica pods, the
     * Patroni leader Service {@code <c>-ha} (no selector, a ClusterIP, Endpoints written by Patroni naming the leader
     * pod), the headless {@code <c>-primary} whose Endpoints hold {@code <c>-ha}'s ClusterIP, and
     * {@code <c>-replicas}.
     */
    Map<String, Pod> crunchy(String cluster, int replicas, List<Map<String, Object>> users) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("postgresVersion", 15);
        spec.put("postGISVersion", "3.3");
        spec.put("instances", List.of(Map.of("name", "instance1", "replicas", replicas + 1)));
        if (users != null) {
            spec.put("users", users);
        }
        create(resource("postgres-operator.crunchydata.com/v1beta1", "PostgresCluster", cluster, spec), Crunchy.class);
        var pods = new LinkedHashMap<String, Pod>();
        for (int i = 0; i <= replicas; i++) {
            String name = cluster + "-instance1-" + Integer.toHexString(0xab00 + i) + "-0";
            pods.put(name, createPod(crunchyPod(cluster, name, i == 0 ? "master" : "replica", true)));
        }
        var labels = Map.of("postgres-operator.crunchydata.com/cluster", cluster);
        String haIp = nextClusterIp();
        var ha = new LinkedHashMap<String, String>(labels);
        ha.put("postgres-operator.crunchydata.com/patroni", cluster + "-ha");
        admin.resource(service(cluster + "-ha", ha, null, "postgres", 5432, new IntOrString("postgres"), haIp))
                .create();
        var primary = new LinkedHashMap<String, String>(labels);
        primary.put("postgres-operator.crunchydata.com/role", "primary");
        admin.resource(service(
                        cluster + "-primary", primary, null, "postgres", 5432, new IntOrString("postgres"), "None"))
                .create();
        var replica = new LinkedHashMap<String, String>(labels);
        replica.put("postgres-operator.crunchydata.com/role", "replica");
        admin.resource(service(
                        cluster + "-replicas",
                        replica,
                        Map.of(
                                "postgres-operator.crunchydata.com/cluster",
                                cluster,
                                "postgres-operator.crunchydata.com/role",
                                "replica"),
                        "postgres",
                        5432,
                        new IntOrString("postgres"),
                        nextClusterIp()))
                .create();
        var leader = pods.values().iterator().next();
        // Patroni writes <c>-ha's Endpoints (target_ref: the leader pod); PGO writes <c>-primary's: the -ha ClusterIP.
        createSlice(mirroredSlice(cluster + "-ha", "postgres", 5432, List.of(endpoint(leader, true, true))));
        createSlice(mirroredSlice(cluster + "-primary", "postgres", 5432, List.of(addressEndpoint(haIp))));
        return pods;
    }

    Pod crunchyPod(String cluster, String name, String role, boolean ready) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("postgres-operator.crunchydata.com/cluster", cluster);
        labels.put("postgres-operator.crunchydata.com/instance-set", "instance1");
        labels.put("postgres-operator.crunchydata.com/instance", name.substring(0, name.length() - 2));
        labels.put("postgres-operator.crunchydata.com/patroni", cluster + "-ha");
        labels.put("postgres-operator.crunchydata.com/data", "postgres");
        labels.put("postgres-operator.crunchydata.com/role", role);
        return pod(name, labels, "database", List.of(port("postgres", 5432)), ready);
    }

    void crunchySecret(String cluster, String user, String password, String dbname) {
        var data = new LinkedHashMap<String, String>();
        data.put("host", cluster + "-primary." + namespace + ".svc");
        data.put("port", "5432");
        data.put("user", user);
        data.put("password", password);
        data.put("verifier", "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy");
        if (dbname != null) {
            data.put("dbname", dbname);
            data.put(
                    "uri",
                    "postgresql://" + user + ":" + password + "@" + cluster + "-primary." + namespace + ".svc:5432/"
                            + dbname);
        }
        admin.resource(secret(
                        cluster + "-pguser-" + user,
                        "Opaque",
                        Map.of(
                                "postgres-operator.crunchydata.com/cluster",
                                cluster,
                                "postgres-operator.crunchydata.com/pguser",
                                user,
                                "postgres-operator.crunchydata.com/role",
                                "pguser"),
                        data))
                .create();
    }

    // --- building blocks -------------------------------------------------------------------------------------------

    Pod createPod(Pod pod) {
        return admin.resource(pod).create();
    }

    Service createService(Service service) {
        return admin.resource(service).create();
    }

    void createSlice(EndpointSlice slice) {
        admin.resource(slice).create();
    }

    void create(GenericKubernetesResource resource, Class<? extends Operator> operator) {
        var op =
                Operator.all().stream().filter(operator::isInstance).findFirst().orElseThrow();
        admin.genericKubernetesResources(op.resource())
                .inNamespace(namespace)
                .resource(resource)
                .create();
    }

    GenericKubernetesResource resource(String apiVersion, String kind, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withGeneration(1L)
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    Pod pod(String name, Map<String, String> labels, String container, List<ContainerPort> ports, boolean ready) {
        String ip = nextIp();
        String now = Instant.now().toString();
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withUid(UUID.randomUUID().toString())
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(container)
                .withImage("postgres:15")
                .withPorts(ports)
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(ip)
                .addNewPodIP()
                .withIp(ip)
                .endPodIP()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withLastTransitionTime(now)
                .endCondition()
                .endStatus()
                .build();
    }

    static ContainerPort port(String name, int number) {
        return new ContainerPortBuilder()
                .withName(name)
                .withContainerPort(number)
                .withProtocol("TCP")
                .build();
    }

    Service service(
            String name,
            Map<String, String> labels,
            Map<String, String> selector,
            String portName,
            int port,
            IntOrString targetPort,
            String clusterIp) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(clusterIp)
                .withClusterIPs(clusterIp)
                .withSelector(selector)
                .addNewPort()
                .withName(portName)
                .withPort(port)
                .withTargetPort(targetPort)
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }

    /** A slice as the EndpointSliceMirroring controller writes it for a selectorless Service's Endpoints. */
    EndpointSlice mirroredSlice(String service, String portName, int port, List<Endpoint> endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(service + "-" + UUID.randomUUID().toString().substring(0, 5))
                .withNamespace(namespace)
                .addToLabels("kubernetes.io/service-name", service)
                .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName(portName)
                .withPort(port)
                .withProtocol("TCP")
                .endPort()
                .withEndpoints(new ArrayList<>(endpoints))
                .build();
    }

    /** An endpoint for {@code pod}'s IP; ready or not; naming the pod in {@code targetRef} or not. */
    Endpoint endpoint(Pod pod, boolean ready, boolean withTargetRef) {
        var builder = new EndpointBuilder()
                .withAddresses(pod.getStatus().getPodIP())
                .withNewConditions()
                .withReady(ready)
                .withServing(ready)
                .withTerminating(false)
                .endConditions();
        if (withTargetRef) {
            builder.withNewTargetRef()
                    .withKind("Pod")
                    .withName(pod.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(pod.getMetadata().getUid())
                    .endTargetRef();
        }
        return builder.build();
    }

    /** An endpoint that is only an address, as PGO writes for {@code <c>-primary}. */
    static Endpoint addressEndpoint(String ip) {
        return new EndpointBuilder()
                .withAddresses(ip)
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .build();
    }

    Secret secret(String name, String type, Map<String, String> labels, Map<String, String> data) {
        var b64 = Base64.getEncoder();
        var encoded = new LinkedHashMap<String, String>();
        data.forEach((k, v) -> encoded.put(k, b64.encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withType(type)
                .withData(encoded)
                .build();
    }

    private static final AtomicInteger CLUSTER_IPS = new AtomicInteger(10);

    static String nextClusterIp() {
        return "10.96.0." + CLUSTER_IPS.incrementAndGet();
    }
}
