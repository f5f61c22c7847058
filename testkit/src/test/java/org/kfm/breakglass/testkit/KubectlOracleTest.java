package org.kfm.breakglass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kubectl, a client nobody here wrote, against the fake cluster seeded with every shape: discovery (aggregated,
 * then each group's resource list), {@code get} of every kind and of the operators' CRDs, {@code describe},
 * {@code auth can-i}, typed errors, and {@code logs} (since-time, timestamps, tail, follow, RBAC). A missing
 * kubectl is a failure that names the package, never a skip.
 */
class KubectlOracleTest {

    private static LocalPostgis pg;
    private static FakeCluster cluster;
    private static Path cacheDir;

    @BeforeAll
    static void start() throws IOException {
        Kubectl.requireInstalled();
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg, Shape.ALL);
        cacheDir = Files.createTempDirectory("kubectl-cache-");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void resetRbac() {
        cluster.faults().resetRbac();
    }

    @Test
    void discoveryListsBuiltInsAndTheOperatorsCrdsWithTheirShortNames() throws Exception {
        Kubectl.Result r = kubectl("api-resources", "-o", "wide");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^pods\\s+po\\s+v1\\s+true\\s+Pod")
                .containsPattern("(?m)^services\\s+svc\\s+v1\\s+true\\s+Service")
                .containsPattern("(?m)^endpointslices\\s+discovery.k8s.io/v1\\s+true\\s+EndpointSlice")
                .containsPattern("(?m)^clusters\\s+postgresql.cnpg.io/v1\\s+true\\s+Cluster")
                .containsPattern("(?m)^postgresqls\\s+pg\\s+acid.zalan.do/v1\\s+true\\s+postgresql")
                .containsPattern(
                        "(?m)^postgresclusters\\s+postgres-operator.crunchydata.com/v1beta1\\s+true\\s+PostgresCluster");
        Kubectl.Result verbose = kubectl(
                "get",
                "pods",
                "-v=6",
                "--cache-dir",
                Files.createTempDirectory("fresh-").toString());
        assertThat(verbose.err())
                .as("kubectl asks for aggregated discovery first and takes it (no per-group requests)")
                .contains("GET " + cluster.serverUrl() + "/api?timeout=32s 200 OK")
                .contains("GET " + cluster.serverUrl() + "/apis?timeout=32s 200 OK")
                .doesNotContain("/apis/apps/v1?timeout");
    }

    @Test
    void getListsEveryKindOfEveryShape() throws Exception {
        Kubectl.Result r = kubectl("get", "pods,svc,secrets,networkpolicies,statefulsets,endpointslices", "-o", "name");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .contains(
                        "pod/postgis-0",
                        "pod/kfm-cnpg-1",
                        "pod/kfm-zalando-0",
                        "pod/kfm-crunchy-instance1-x7kq-0",
                        "service/postgis",
                        "service/kfm-cnpg-rw",
                        "service/kfm-cnpg-ro",
                        "service/kfm-cnpg-r",
                        "service/kfm-zalando",
                        "service/kfm-zalando-repl",
                        "service/kfm-crunchy-primary",
                        "service/kfm-crunchy-replicas",
                        "secret/postgis-auth",
                        "secret/kfm-cnpg-app",
                        "secret/kfm-reader.kfm-zalando.credentials.postgresql.acid.zalan.do",
                        "secret/kfm-crunchy-pguser-kfm-reader",
                        "networkpolicy.networking.k8s.io/postgis-deny-all",
                        "statefulset.apps/postgis",
                        "statefulset.apps/kfm-zalando")
                .anyMatch(l -> l.startsWith("endpointslice.discovery.k8s.io/kfm-zalando-"));
        Kubectl.Result cnpg =
                kubectl("get", "clusters.postgresql.cnpg.io", "kfm-cnpg", "-o", "jsonpath={.status.currentPrimary}");
        assertThat(cnpg.out()).as(cnpg.err()).isEqualTo("kfm-cnpg-1");
        Kubectl.Result pg = kubectl("get", "pg", "-o", "name");
        assertThat(pg.out().strip()).as(pg.err()).isEqualTo("postgresql.acid.zalan.do/kfm-zalando");
        Kubectl.Result crunchy = kubectl("get", "postgresclusters", "-o", "name");
        assertThat(crunchy.out().strip())
                .as(crunchy.err())
                .isEqualTo("postgrescluster.postgres-operator.crunchydata.com/kfm-crunchy");
        Kubectl.Result slice = kubectl(
                "get",
                "endpointslices",
                "-l",
                "kubernetes.io/service-name=kfm-zalando",
                "-o",
                "jsonpath={.items[0].endpoints[0].targetRef.name}");
        assertThat(slice.out()).as(slice.err()).isEqualTo("kfm-zalando-0");
    }

    @Test
    void describeShowsTheKubeletsView() throws Exception {
        Kubectl.Result r = kubectl("describe", "pod", "kfm-cnpg-1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("Status:\\s+Running")
                .containsPattern("Controlled By:\\s+Cluster/kfm-cnpg")
                .containsPattern("Container ID:\\s+containerd://[0-9a-f]{64}")
                .containsPattern("Image ID:\\s+ghcr.io/cloudnative-pg/postgis@sha256:[0-9a-f]{64}")
                .containsPattern("Ready:\\s+True")
                .containsPattern("Restart Count:\\s+0")
                .containsPattern("cnpg.io/instanceRole=primary")
                .containsPattern("QoS Class:\\s+Burstable");
    }

    @Test
    void authCanIFollowsTheFakeRbac() throws Exception {
        assertThat(kubectl("auth", "can-i", "create", "pods", "--subresource=portforward")
                        .out()
                        .strip())
                .isEqualTo("yes");
        assertThat(kubectl("auth", "can-i", "get", "pods", "--subresource=log")
                        .out()
                        .strip())
                .isEqualTo("yes");
        Kubectl.Result delete = kubectl("auth", "can-i", "delete", "configmaps");
        assertThat(delete.exit()).isEqualTo(1);
        assertThat(delete.out()).startsWith("no");
        cluster.faults().denyRbac("get:pods/log");
        Kubectl.Result log = kubectl("auth", "can-i", "get", "pods", "--subresource=log");
        assertThat(log.exit()).isEqualTo(1);
        assertThat(log.out()).startsWith("no");
    }

    @Test
    void errorsAreTypedStatusesKubectlPrints() throws Exception {
        Kubectl.Result pod = kubectl("get", "pod", "nope");
        assertThat(pod.exit()).isEqualTo(1);
        assertThat(pod.err()).contains("Error from server (NotFound): pods \"nope\" not found");
        Kubectl.Result crd = kubectl("get", "clusters.postgresql.cnpg.io", "nope");
        assertThat(crd.err()).contains("Error from server (NotFound): clusters.postgresql.cnpg.io \"nope\" not found");
        cluster.faults().denyRbac("get:secrets");
        Kubectl.Result secret = kubectl("get", "secret", "kfm-cnpg-app");
        assertThat(secret.exit()).isEqualTo(1);
        assertThat(secret.err()).contains("Error from server (Forbidden): secrets \"kfm-cnpg-app\" is forbidden");
    }

    @Test
    void logsServeEachPodsOwnServerWithSinceTimeTimestampsAndTail() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String primaryMarker = "primary-marker-" + System.nanoTime();
        String standbyMarker = "standby-marker-" + System.nanoTime();
        try (Connection c = pg.primary().connect(pg.reader(), "kfm");
                Statement s = c.createStatement()) {
            s.execute("SELECT '" + primaryMarker + "'");
        }
        try (Connection c = pg.standby().orElseThrow().connect(pg.reader(), "kfm");
                Statement s = c.createStatement()) {
            s.execute("SELECT '" + standbyMarker + "'");
        }
        Kubectl.Result primary = kubectl("logs", "kfm-cnpg-1", "--since-time=" + before, "--timestamps");
        assertThat(primary.exit()).as(primary.err()).isZero();
        assertThat(primary.out())
                .contains("AUDIT: SESSION,")
                .contains(primaryMarker)
                .doesNotContain(standbyMarker)
                .doesNotContain("database system is ready to accept connections");
        assertThat(primary.out().lines().filter(l -> l.contains(primaryMarker)))
                .allSatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z \\d{4}-\\d\\d-\\d\\d .*"));
        Kubectl.Result standby = kubectl("logs", "kfm-zalando-1", "-c", "postgres", "--since-time=" + before);
        assertThat(standby.out()).as(standby.err()).contains(standbyMarker).doesNotContain(primaryMarker);
        Kubectl.Result tail = kubectl("logs", "kfm-cnpg-1", "--tail=1");
        assertThat(tail.out().lines()).hasSize(1);
        Kubectl.Result sidecar = kubectl("logs", "kfm-crunchy-instance1-x7kq-0", "-c", "replication-cert-copy");
        assertThat(sidecar.exit()).as(sidecar.err()).isZero();
        assertThat(sidecar.out()).isEmpty();
        Kubectl.Result noContainer = kubectl("logs", "kfm-crunchy-instance1-x7kq-0", "-c", "nope");
        assertThat(noContainer.exit()).isEqualTo(1);
        assertThat(noContainer.err()).contains("container nope is not valid for pod kfm-crunchy-instance1-x7kq-0");
    }

    @Test
    void followStreamsNewLinesUntilKubectlQuits() throws Exception {
        String marker = "followed-" + System.nanoTime();
        Process follow = Kubectl.start(
                cluster.kubeconfig(), cacheDir, "logs", "-f", "kfm-cnpg-1", "--since-time=" + Instant.now());
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.add(line);
                }
            } catch (IOException e) {
                seen.add("reader failed: " + e);
            }
        });
        try {
            Thread.sleep(1500); // kubectl is connected and waiting before the statement exists
            assertThat(follow.isAlive()).as("a followed log stays open").isTrue();
            try (Connection c = pg.primary().connect(pg.reader(), "kfm");
                    Statement s = c.createStatement()) {
                s.execute("SELECT '" + marker + "'");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.stream().noneMatch(l -> l.contains(marker) && l.contains("AUDIT:"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("kubectl logs -f never showed the statement; saw " + seen);
                }
                Thread.sleep(50);
            }
            assertThat(follow.isAlive()).isTrue();
        } finally {
            follow.destroy();
            assertThat(follow.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
        }
    }

    @Test
    void logsNeedPodsLogRbac() throws Exception {
        cluster.faults().denyRbac("get:pods/log");
        Kubectl.Result r = kubectl("logs", "kfm-cnpg-1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("Error from server (Forbidden)")
                .contains("cannot get resource \"pods/log\" in API group \"\" in the namespace \"kfm-stage\"");
    }

    private static Kubectl.Result kubectl(String... args) throws Exception {
        var all = new ArrayList<>(List.of(args));
        return Kubectl.run(cluster.kubeconfig(), cacheDir, all);
    }
}
