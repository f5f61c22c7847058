package org.kfm.breakglass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The pod log as fabric8 reads it ({@code getLog} with {@code sinceTime}, {@code watchLog}), RBAC on
 * {@code pods/log}, and discovery's content negotiation as raw HTTP sees it.
 */
class PodLogAndDiscoveryTest {

    private static LocalPostgis pg;
    private static FakeCluster cluster;
    private static KubernetesClient client;
    private static HttpClient http;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg);
        Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
        config.setRequestRetryBackoffLimit(0);
        client = new KubernetesClientBuilder().withConfig(config).build();
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry(
                "fake",
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(
                                cluster.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(tls).build();
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

    @AfterEach
    void resetRbac() {
        cluster.faults().resetRbac();
    }

    @Test
    void getLogSinceTimeReturnsTheServersPgauditLinesOfTheWindowOnly() throws Exception {
        String old = "before-window-" + System.nanoTime();
        select(old);
        Thread.sleep(1100); // sinceTime has second precision as fabric8 and kubectl send it
        Instant since = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String marker = "in-window-" + System.nanoTime();
        select(marker);

        String log = client.pods()
                .inNamespace("kfm-stage")
                .withName("postgis-0")
                .inContainer("postgis")
                .sinceTime(since.toString())
                .getLog();
        assertThat(log).contains(marker).doesNotContain(old);
        assertThat(log.lines().filter(l -> l.contains(marker) && l.contains("LOG:  AUDIT: SESSION,")))
                .singleElement()
                .satisfies(l -> assertThat(l).contains(" kfm_reader@kfm app=").contains(",READ,SELECT,"));
        String stamped = client.pods()
                .inNamespace("kfm-stage")
                .withName("postgis-0")
                .usingTimestamps()
                .sinceSeconds(30)
                .getLog();
        assertThat(stamped.lines().filter(l -> l.contains(marker)))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(Instant.parse(l.substring(0, l.indexOf(' '))))
                        .isAfterOrEqualTo(since));
    }

    @Test
    void watchLogStreamsTheServersNewLines() throws Exception {
        var out = new ByteArrayOutputStream();
        try (LogWatch watch = client.pods()
                .inNamespace("kfm-stage")
                .withName("postgis-0")
                .sinceTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .watchLog(out)) {
            String marker = "watched-" + System.nanoTime();
            Thread.sleep(500);
            select(marker);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!out.toString(StandardCharsets.UTF_8).contains(marker)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("watchLog never delivered the statement: " + out);
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void withoutPodsLogTheLogIsForbiddenAndTheAccessReviewSaysNo() {
        cluster.faults().denyRbac("get:pods/log");
        assertThatThrownBy(() -> client.pods()
                        .inNamespace("kfm-stage")
                        .withName("postgis-0")
                        .getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("pods/log");
                });
        var review = new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withNamespace("kfm-stage")
                .withVerb("get")
                .withResource("pods")
                .withSubresource("log")
                .endResourceAttributes()
                .endSpec()
                .build();
        assertThat(client.resource(review).create().getStatus().getAllowed()).isFalse();
    }

    @Test
    void badLogQueriesAreRefusedAsTheApiServerRefusesThem() {
        var pod = client.pods().inNamespace("kfm-stage").withName("postgis-0");
        assertThatThrownBy(() -> pod.inContainer("nope").getLog())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(400));
        assertThatThrownBy(() -> pod.tailingLines(-1).getLog())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422));
        assertThatThrownBy(() -> pod.terminated().getLog())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(400));
        assertThat(pod.tailingLines(2).getLog().lines()).hasSize(2);
    }

    @Test
    void discoveryNegotiatesAggregatedV2LegacyOrNotAcceptable() throws Exception {
        HttpResponse<String> aggregated = get("/apis", Discovery.AGGREGATED_V2 + ",application/json");
        assertThat(aggregated.statusCode()).isEqualTo(200);
        assertThat(aggregated.headers().firstValue("Content-Type")).contains(Discovery.AGGREGATED_V2);
        JsonNode list = JSON.readTree(aggregated.body());
        assertThat(list.path("kind").asString()).isEqualTo("APIGroupDiscoveryList");
        JsonNode apps = null;
        for (JsonNode item : list.path("items")) {
            if (item.path("metadata").path("name").asString().equals("apps")) {
                apps = item;
            }
        }
        assertThat(apps).isNotNull();
        JsonNode sts = apps.path("versions").get(0).path("resources").get(0);
        assertThat(sts.path("resource").asString()).isEqualTo("statefulsets");
        assertThat(sts.path("scope").asString()).isEqualTo("Namespaced");
        assertThat(sts.path("responseKind").path("kind").asString()).isEqualTo("StatefulSet");
        assertThat(apps.path("versions").get(0).path("freshness").asString()).isEqualTo("Current");

        HttpResponse<String> legacy = get("/api", "application/json, */*");
        assertThat(JSON.readTree(legacy.body()).path("versions").get(0).asString())
                .isEqualTo("v1");
        HttpResponse<String> v2beta1Only =
                get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
        assertThat(v2beta1Only.statusCode()).isEqualTo(406);
        assertThat(JSON.readTree(v2beta1Only.body()).path("reason").asString()).isEqualTo("NotAcceptable");

        APIResourceList core = client.getApiResources("v1");
        assertThat(core.getResources())
                .anySatisfy(r -> {
                    assertThat(r.getName()).isEqualTo("pods/log");
                    assertThat(r.getVerbs()).containsExactly("get");
                })
                .anySatisfy(r -> {
                    assertThat(r.getName()).isEqualTo("pods");
                    assertThat(r.getShortNames()).containsExactly("po");
                    assertThat(r.getSingularName()).isEqualTo("pod");
                });
        assertThat(get("/apis/example.org/v1", "application/json").statusCode()).isEqualTo(404);
        assertThat(get("/apis/example.org/v1/namespaces/kfm-stage/widgets", "application/json")
                        .statusCode())
                .as("an unknown resource type is 404, never an empty list")
                .isEqualTo(404);
    }

    @Test
    void createsAreValidatedAndConflictsAreTyped() {
        var bad = new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("Bad_Name")
                .endMetadata()
                .build();
        assertThatThrownBy(() -> client.configMaps()
                        .inNamespace("kfm-stage")
                        .resource(bad)
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getDetails().getCauses())
                            .singleElement()
                            .satisfies(c -> assertThat(c.getField()).isEqualTo("metadata.name"));
                });
        var secret = client.secrets()
                .inNamespace("kfm-stage")
                .withName("postgis-auth")
                .get();
        secret.getMetadata().setResourceVersion(null);
        assertThatThrownBy(() -> cluster.adminClient().resource(secret).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                    assertThat(e.getStatus().getDetails().getName()).isEqualTo("postgis-auth");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("secrets");
                });
    }

    @Test
    void operatorCrdsInstalledWithoutClustersMakeTheirKindsServableAndDiscoverable() throws Exception {
        String clusters = "/apis/postgresql.cnpg.io/v1/namespaces/ops/clusters";
        assertThat(get(clusters, "application/json").statusCode())
                .as("the seed shape has no operator installed: its kinds are unknown")
                .isEqualTo(404);

        cluster.installOperatorCrds();
        cluster.installOperatorCrds(); // a second install changes nothing

        HttpResponse<String> list = get(clusters, "application/json");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).path("items").size()).isZero();
        assertThat(cluster.adminClient()
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .list()
                        .getItems())
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "clusters.postgresql.cnpg.io",
                        "postgresqls.acid.zalan.do",
                        "postgresclusters.postgres-operator.crunchydata.com");
        assertThat(client.getApiResources("acid.zalan.do/v1").getResources()).anySatisfy(r -> {
            assertThat(r.getName()).isEqualTo("postgresqls");
            assertThat(r.getShortNames()).containsExactly("pg");
        });
        assertThat(client.pods().inNamespace("kfm-stage").list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .as("no cluster of them is seeded")
                .containsExactly("postgis-0");
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(cluster.serverUrl() + path))
                        .header("Authorization", "Bearer " + cluster.token())
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void select(String marker) throws Exception {
        try (Connection c = pg.connect(pg.reader());
                Statement s = c.createStatement()) {
            s.execute("SELECT '" + marker + "'");
        }
    }
}
