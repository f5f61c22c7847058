package org.kfm.breakglass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every shape at once ({@link Shape#ALL}): the operators' objects as a generated client reads them (typed model,
 * required fields present), Secrets with the LocalPostgis credentials under each operator's keys, selectorless
 * Services resolved through their EndpointSlices, each pod's port-forward reaching its own server, and last a
 * failover that moves every primary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorShapesTest {

    private static final String KEY = "operator-shapes-test";
    private static final String NS = "kfm-stage";
    private static LocalPostgis pg;
    private static FakeCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg, Shape.ALL);
        Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
        config.setRequestRetryBackoffLimit(0);
        client = new KubernetesClientBuilder().withConfig(config).build();
        PortForwardSocketFactory.register(KEY, client);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void everyObjectHasTheFieldsAnApiServerAndKubeletFillIn() {
        var all = new java.util.ArrayList<HasMetadata>();
        List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
        List<Service> services = client.services().inNamespace(NS).list().getItems();
        all.addAll(pods);
        all.addAll(services);
        all.addAll(client.secrets().inNamespace(NS).list().getItems());
        all.addAll(client.endpoints().inNamespace(NS).list().getItems());
        all.addAll(
                client.discovery().v1().endpointSlices().inNamespace(NS).list().getItems());
        all.addAll(client.apps().statefulSets().inNamespace(NS).list().getItems());
        all.addAll(
                client.apiextensions().v1().customResourceDefinitions().list().getItems());
        assertThat(pods)
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "postgis-0",
                        "kfm-cnpg-1",
                        "kfm-cnpg-2",
                        "kfm-zalando-0",
                        "kfm-zalando-1",
                        "kfm-crunchy-instance1-x7kq-0",
                        "kfm-crunchy-instance1-9m2p-0");
        for (HasMetadata o : all) {
            var m = o.getMetadata();
            String what = o.getKind() + " " + m.getName();
            assertThat(m.getUid())
                    .as(what)
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(OffsetDateTime.parse(m.getCreationTimestamp())).as(what).isNotNull();
            assertThat(Long.parseLong(m.getResourceVersion())).as(what).isPositive();
            assertThat(m.getGeneration()).as(what).isNotNull();
            assertThat(o.getApiVersion()).as(what).isNotBlank();
        }
        assertThat(all.stream().map(o -> o.getMetadata().getUid()).distinct()).hasSize(all.size());
        for (Pod p : pods) {
            String what = "pod " + p.getMetadata().getName();
            assertThat(p.getStatus().getPhase()).as(what).isEqualTo("Running");
            assertThat(p.getStatus().getPodIP()).as(what).isNotBlank();
            assertThat(p.getStatus().getHostIP()).as(what).isNotBlank();
            assertThat(p.getStatus().getStartTime()).as(what).isNotBlank();
            assertThat(p.getStatus().getQosClass()).as(what).isNotBlank();
            assertThat(p.getStatus().getConditions())
                    .extracting(PodCondition::getType)
                    .contains("Ready", "ContainersReady", "Initialized", "PodScheduled");
            for (PodCondition c : p.getStatus().getConditions()) {
                assertThat(OffsetDateTime.parse(c.getLastTransitionTime()))
                        .as(what + " " + c.getType())
                        .isNotNull();
            }
            assertThat(p.getStatus().getContainerStatuses())
                    .as(what)
                    .hasSameSizeAs(p.getSpec().getContainers());
            for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                assertThat(cs.getContainerID()).as(what).matches("containerd://[0-9a-f]{64}");
                assertThat(cs.getImageID()).as(what).contains("@sha256:");
                assertThat(cs.getImage()).as(what).isNotBlank();
                assertThat(cs.getStarted()).as(what).isTrue();
                assertThat(cs.getReady()).as(what).isTrue();
                assertThat(cs.getRestartCount()).as(what).isZero();
                assertThat(cs.getState().getRunning().getStartedAt()).as(what).isNotBlank();
            }
            assertThat(p.getMetadata().getOwnerReferences())
                    .as(what)
                    .singleElement()
                    .satisfies(r -> assertThat(r.getUid()).isNotBlank());
        }
        for (Service s : services) {
            String what = "service " + s.getMetadata().getName();
            assertThat(s.getSpec().getClusterIP()).as(what).isNotBlank();
            assertThat(s.getSpec().getClusterIPs()).as(what).isNotEmpty();
            assertThat(s.getSpec().getIpFamilies()).as(what).containsExactly("IPv4");
            assertThat(s.getSpec().getType()).as(what).isEqualTo("ClusterIP");
            assertThat(s.getSpec().getSessionAffinity()).as(what).isEqualTo("None");
        }
        assertThat(client.services()
                        .inNamespace(NS)
                        .withName("kfm-crunchy-primary")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .isEqualTo("None");
    }

    @Test
    @Order(2)
    void customResourcesAndTheirStatusAreServedThroughTheirCrds() {
        GenericKubernetesResource cnpg = client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
                .inNamespace(NS)
                .withName("kfm-cnpg")
                .get();
        assertThat(cnpg.<String>get("status", "currentPrimary")).isEqualTo("kfm-cnpg-1");
        assertThat(cnpg.<Integer>get("status", "readyInstances")).isEqualTo(2);
        assertThat(client.genericKubernetesResources("acid.zalan.do/v1", "postgresql")
                        .inNamespace(NS)
                        .withName("kfm-zalando")
                        .get()
                        .<String>get("spec", "teamId"))
                .isEqualTo("kfm");
        assertThat(client.genericKubernetesResources("postgres-operator.crunchydata.com/v1beta1", "PostgresCluster")
                        .inNamespace(NS)
                        .list()
                        .getItems())
                .extracting(r -> r.getMetadata().getName())
                .containsExactly("kfm-crunchy");
        assertThatThrownBy(() -> client.genericKubernetesResources("example.org/v1", "Widget")
                        .inNamespace(NS)
                        .list())
                .isInstanceOf(KubernetesClientException.class);
    }

    @Test
    @Order(3)
    void secretsHoldTheRealCredentialsUnderEachOperatorsKeys() throws Exception {
        Map<String, String> app = decoded(secret("kfm-cnpg-app"));
        assertThat(secret("kfm-cnpg-app").getType()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(app)
                .containsEntry("username", "kfm_reader")
                .containsEntry("user", "kfm_reader")
                .containsEntry("password", pg.reader().password())
                .containsEntry("dbname", "kfm")
                .containsEntry("port", "5432")
                .containsEntry("host", "kfm-cnpg-rw.kfm-stage.svc.cluster.local")
                .containsKeys("uri", "jdbc-uri", "pgpass", "fqdn-uri", "fqdn-jdbc-uri");
        assertThat(app.get("uri")).startsWith("postgresql://kfm_reader:").endsWith("@kfm-cnpg-rw.kfm-stage:5432/kfm");
        assertThat(client.secrets()
                        .inNamespace(NS)
                        .withName("kfm-cnpg-superuser")
                        .get())
                .as("enableSuperuserAccess is false")
                .isNull();

        Map<String, String> zalando = decoded(secret("kfm-reader.kfm-zalando.credentials.postgresql.acid.zalan.do"));
        assertThat(zalando).containsOnlyKeys("username", "password").containsEntry("username", "kfm_reader");
        Map<String, String> zalandoSuper = decoded(secret("postgres.kfm-zalando.credentials.postgresql.acid.zalan.do"));
        assertThat(zalandoSuper).containsEntry("username", "postgres");

        Map<String, String> crunchy = decoded(secret("kfm-crunchy-pguser-kfm-reader"));
        assertThat(crunchy)
                .containsEntry("user", "kfm-reader")
                .containsEntry("dbname", "kfm")
                .containsEntry("host", "kfm-crunchy-primary.kfm-stage.svc")
                .containsEntry("port", "5432")
                .containsKeys("password", "verifier", "uri", "jdbc-uri");
        assertThat(crunchy.get("verifier")).startsWith("SCRAM-SHA-256$");

        for (var credentials : List.of(app, zalando, crunchy)) {
            String user = credentials.getOrDefault("username", credentials.get("user"));
            try (Connection c = pg.connect(new DbRole(user, credentials.get("password")));
                    ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM places")) {
                rs.next();
                assertThat(rs.getInt(1)).as(user + " reads").isEqualTo(1001);
                assertThatThrownBy(() -> c.createStatement().execute("DELETE FROM places"))
                        .as(user + " may not write")
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    @Order(4)
    void selectorServicesAndSelectorlessServicesResolveThroughTheirEndpointSlices() {
        assertThat(readyTargets("kfm-cnpg-rw")).containsExactly("kfm-cnpg-1");
        assertThat(readyTargets("kfm-cnpg-ro")).containsExactly("kfm-cnpg-2");
        assertThat(readyTargets("kfm-cnpg-r")).containsExactlyInAnyOrder("kfm-cnpg-1", "kfm-cnpg-2");
        assertThat(readyTargets("postgis")).containsExactly("postgis-0");

        Service master =
                client.services().inNamespace(NS).withName("kfm-zalando").get();
        assertThat(master.getSpec().getSelector())
                .as("Patroni writes the master's endpoints")
                .isNullOrEmpty();
        EndpointSlice zalando = slice("kfm-zalando");
        assertThat(zalando.getMetadata().getLabels())
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io");
        assertThat(readyTargets("kfm-zalando")).containsExactly("kfm-zalando-0");
        assertThat(zalando.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("postgresql");
            assertThat(p.getPort()).isEqualTo(5432);
        });
        assertThat(readyTargets("kfm-zalando-repl")).containsExactly("kfm-zalando-1");
        Endpoints leader =
                client.endpoints().inNamespace(NS).withName("kfm-zalando").get();
        assertThat(leader.getMetadata().getAnnotations()).containsEntry("leader", "kfm-zalando-0");

        assertThat(readyTargets("kfm-crunchy-ha")).containsExactly("kfm-crunchy-instance1-x7kq-0");
        EndpointSlice primary = slice("kfm-crunchy-primary");
        String haClusterIp = client.services()
                .inNamespace(NS)
                .withName("kfm-crunchy-ha")
                .get()
                .getSpec()
                .getClusterIP();
        assertThat(primary.getEndpoints())
                .as("PGO's primary Service points at the leader Service's cluster IP, not at a pod")
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getAddresses()).containsExactly(haClusterIp);
                    assertThat(e.getTargetRef()).isNull();
                });
        assertThat(readyTargets("kfm-crunchy-replicas")).containsExactly("kfm-crunchy-instance1-9m2p-0");
        assertThat(slice("kfm-crunchy-replicas").getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getPort())
                        .as("named targetPort resolved on the pod")
                        .isEqualTo(5432));
    }

    @Test
    @Order(5)
    void eachPodsForwardReachesItsOwnServer() throws Exception {
        assertThat(recovery("kfm-cnpg-1")).isFalse();
        assertThat(recovery("kfm-cnpg-2")).isTrue();
        assertThat(recovery("kfm-zalando-0")).isFalse();
        assertThat(recovery("kfm-zalando-1")).isTrue();
        assertThat(recovery("kfm-crunchy-instance1-x7kq-0")).isFalse();
        assertThat(recovery("kfm-crunchy-instance1-9m2p-0")).isTrue();
        assertThat(recovery("postgis-0")).isFalse();
        assertThat(cluster.serverOf("kfm-cnpg-2")).contains(pg.standby().orElseThrow());
    }

    @Test
    @Order(6)
    void failoverPromotesTheStandbyAndRoleResolutionFollows() throws Exception {
        String replicaUid = cluster.podUid("kfm-cnpg-2");
        PostgresServer promoted = cluster.faults().failover();

        assertThat(pg.primary()).isSameAs(promoted);
        assertThat(recovery("kfm-cnpg-2"))
                .as("the old replica's forward now reaches a primary")
                .isFalse();
        assertThatThrownBy(() -> recovery("kfm-cnpg-1"))
                .as("the old primary's server is down")
                .isInstanceOf(SQLException.class);
        assertThat(recovery("postgis-0"))
                .as("the seed follows LocalPostgis's primary")
                .isFalse();
        assertThat(cluster.podUid("kfm-cnpg-2")).as("same pod, relabelled").isEqualTo(replicaUid);

        assertThat(label("kfm-cnpg-2", "cnpg.io/instanceRole")).isEqualTo("primary");
        assertThat(label("kfm-cnpg-1", "cnpg.io/instanceRole")).isEqualTo("replica");
        assertThat(ready("kfm-cnpg-1")).isFalse();
        assertThat(ready("kfm-cnpg-2")).isTrue();
        assertThat(readyTargets("kfm-cnpg-rw")).containsExactly("kfm-cnpg-2");
        assertThat(readyTargets("kfm-cnpg-ro")).isEmpty();
        assertThat(client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
                        .inNamespace(NS)
                        .withName("kfm-cnpg")
                        .get()
                        .<String>get("status", "currentPrimary"))
                .isEqualTo("kfm-cnpg-2");

        assertThat(label("kfm-zalando-1", "spilo-role")).isEqualTo("master");
        assertThat(readyTargets("kfm-zalando")).containsExactly("kfm-zalando-1");
        assertThat(client.endpoints()
                        .inNamespace(NS)
                        .withName("kfm-zalando")
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("leader", "kfm-zalando-1");

        assertThat(label("kfm-crunchy-instance1-9m2p-0", "postgres-operator.crunchydata.com/role"))
                .isEqualTo("master");
        assertThat(readyTargets("kfm-crunchy-ha")).containsExactly("kfm-crunchy-instance1-9m2p-0");
        assertThat(readyTargets("kfm-crunchy-replicas")).isEmpty();

        try (Connection c = forwarded("kfm-zalando-1", pg.writer())) {
            assertThat(c.createStatement().executeUpdate("INSERT INTO places (name, kind) VALUES ('via pod', 'town')"))
                    .isEqualTo(1);
        }
    }

    @Test
    @Order(7)
    void theSeedShapeAloneHasNothingToFailOverTo() {
        try (var seedOnly = FakeCluster.start(pg)) {
            assertThatThrownBy(() -> seedOnly.faults().failover())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failover needs an operator shape");
        }
    }

    private static boolean recovery(String pod) throws SQLException {
        try (Connection c = forwarded(pod, pg.reader());
                ResultSet rs = c.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Connection forwarded(String pod, DbRole role) throws SQLException {
        var props = PortForwardSocketFactory.jdbcProperties(KEY + "@" + pod, role);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + pod + ".kfm-stage:5432/kfm", props);
    }

    private static Secret secret(String name) {
        Secret s = client.secrets().inNamespace(NS).withName(name).get();
        assertThat(s).as("Secret " + name).isNotNull();
        return s;
    }

    private static Map<String, String> decoded(Secret secret) {
        var out = new java.util.LinkedHashMap<String, String>();
        secret.getData()
                .forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return out;
    }

    private static EndpointSlice slice(String service) {
        return client
                .discovery()
                .v1()
                .endpointSlices()
                .inNamespace(NS)
                .withLabel("kubernetes.io/service-name", service)
                .list()
                .getItems()
                .stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no EndpointSlice for " + service));
    }

    /** The pods a Service's slices name as ready endpoints, as a resolver would pick them. */
    private static List<String> readyTargets(String service) {
        return slice(service).getEndpoints().stream()
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady()))
                .filter(e -> e.getTargetRef() != null)
                .map(e -> e.getTargetRef().getName())
                .toList();
    }

    private static String label(String pod, String key) {
        return client.pods()
                .inNamespace(NS)
                .withName(pod)
                .get()
                .getMetadata()
                .getLabels()
                .get(key);
    }

    private static boolean ready(String pod) {
        return EndpointsController.isReady(
                client.pods().inNamespace(NS).withName(pod).get());
    }
}
