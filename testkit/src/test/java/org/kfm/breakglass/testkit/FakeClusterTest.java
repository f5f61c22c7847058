package org.kfm.breakglass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.PortForward;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeClusterTest {

    private static LocalPostgis pg;
    private static FakeCluster cluster;
    private static KubernetesClient client;
    private static final String KEY = "fake-cluster-test";

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg);
        client = clientFrom(Files.readString(cluster.kubeconfig()));
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

    @AfterEach
    void clearFaults() {
        cluster.faults().clearApiFailures();
        cluster.faults().resetRbac();
    }

    @Test
    void kubeconfigClientVerifiesTlsAndSeesTheStageObjects() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
        assertThat(config.isTrustCerts()).isFalse();
        assertThat(config.getMasterUrl()).startsWith(cluster.serverUrl());
        assertThat(config.getNamespace()).isEqualTo("kfm-stage");
        assertThat(config.getCurrentContext().getName()).isEqualTo("kfm-demo");
        assertThat(Files.getPosixFilePermissions(cluster.kubeconfig()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Pod pod = client.pods().withName("postgis-0").get();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(ready(pod)).isEqualTo("True");
        assertThat(pod.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getKind()).isEqualTo("StatefulSet"));
        assertThat(pod.getSpec().getContainers().get(0).getPorts().get(0).getName())
                .isEqualTo("postgres");
        assertThat(client.services()
                        .withName("postgis")
                        .get()
                        .getSpec()
                        .getPorts()
                        .get(0)
                        .getTargetPort()
                        .getStrVal())
                .isEqualTo("postgres");
        Secret secret = client.secrets().withName("postgis-auth").get();
        assertThat(decode(secret, "POSTGRES_USER")).isEqualTo("kfm_reader");
        assertThat(decode(secret, "POSTGRES_PASSWORD")).isEqualTo(pg.reader().password());
        assertThat(decode(client.secrets().withName("postgis-auth-writer").get(), "POSTGRES_USER"))
                .isEqualTo("kfm_writer");
        assertThat(client.network().networkPolicies().list().getItems())
                .extracting(np -> np.getMetadata().getName())
                .containsExactlyInAnyOrder("postgis-deny-all", "postgis-allow-api", "postgis-allow-maintenance");
        assertThat(client.apps().statefulSets().withName("postgis").get()).isNotNull();
    }

    @Test
    void kubeconfigWithAnotherCaIsRejected(@TempDir Path dir) throws Exception {
        Path wrong = dir.resolve("wrong-ca");
        String yaml = Files.readString(cluster.kubeconfig());
        String realCa = Base64.getEncoder()
                .encodeToString(cluster.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII));
        assertThat(yaml).contains(realCa);
        Files.writeString(
                wrong,
                yaml.replace(
                        realCa,
                        Base64.getEncoder().encodeToString(someOtherCaPem().getBytes(StandardCharsets.US_ASCII))));
        try (KubernetesClient untrusting = clientFrom(Files.readString(wrong))) {
            assertThatThrownBy(() -> untrusting.pods().withName("postgis-0").get())
                    .isInstanceOf(KubernetesClientException.class)
                    .rootCause()
                    .hasMessageContaining("certification path");
        }
    }

    @Test
    void wrongTokenIsUnauthorized() {
        try (KubernetesClient stranger = new KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                                Config.fromKubeconfig(read(cluster.kubeconfig())))
                        .withOauthToken("not-the-token")
                        .build())
                .build()) {
            assertThatThrownBy(() -> stranger.pods().list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(401));
        }
    }

    @Test
    void portForwardCarriesAPostgisSessionWithTheSecretsCredentials() throws Exception {
        Secret secret = client.secrets().withName("postgis-auth").get();
        DbRole role = new DbRole(decode(secret, "POSTGRES_USER"), decode(secret, "POSTGRES_PASSWORD"));
        try (Connection c = forwardedConnection(role);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT PostGIS_Full_Version(), current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).contains("POSTGIS=");
                assertThat(rs.getString(2)).isEqualTo("kfm_reader");
            }
            assertThat(cluster.openForwards()).isPositive();
        }
        await(() -> cluster.openForwards() == 0);
    }

    @Test
    void fiftyMegabyteResultStreamsIntact() throws Exception {
        try (Connection c = forwardedConnection(pg.reader())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(2_000);
                long rows = 0;
                long bytes = 0;
                String expected = "x".repeat(1000);
                try (ResultSet rs = s.executeQuery("SELECT repeat('x', 1000) FROM generate_series(1, 50000)")) {
                    while (rs.next()) {
                        String v = rs.getString(1);
                        if (!expected.equals(v)) {
                            throw new AssertionError("row " + rows + " was altered in transit");
                        }
                        rows++;
                        bytes += v.length();
                    }
                }
                assertThat(rows).isEqualTo(50_000);
                assertThat(bytes).isEqualTo(50_000_000L);
            }
            c.rollback();
        }
    }

    @Test
    void severalForwardedSessionsRunSideBySide() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Long>> sums = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int n = i * 10_000;
                sums.add(pool.submit(() -> {
                    try (Connection c = forwardedConnection(pg.reader());
                            Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT sum(g) FROM generate_series(1, " + n + ") g")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }));
            }
            for (int i = 1; i <= 4; i++) {
                long n = i * 10_000L;
                assertThat(sums.get(i - 1).get(60, TimeUnit.SECONDS)).isEqualTo(n * (n + 1) / 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void droppingForwardsBreaksTheConnection() throws Exception {
        Connection c = forwardedConnection(pg.reader());
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        await(() -> cluster.openForwards() >= 1);
        cluster.faults().dropAllForwards();
        assertThat(cluster.openForwards()).isZero();
        assertThatThrownBy(() -> {
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("SELECT 2");
                    }
                })
                .isInstanceOf(SQLException.class);
        assertThat(c.isValid(2)).isFalse();
        c.close();
    }

    @Test
    void replacingThePodChangesItsUidAndReadiness() throws Exception {
        String before = cluster.podUid();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Watch watch = client.pods().withName("postgis-0").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                seen.add(action + " " + pod.getMetadata().getUid() + " Ready=" + ready(pod));
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            String uid = cluster.faults().replacePod().get(30, TimeUnit.SECONDS);
            assertThat(uid).isNotEqualTo(before);
            await(() -> seen.stream().anyMatch(e -> e.contains(uid + " Ready=True")));
            List<String> aboutNewPod =
                    seen.stream().filter(e -> e.contains(uid)).toList();
            assertThat(aboutNewPod.get(0)).isEqualTo("ADDED " + uid + " Ready=False");
            assertThat(aboutNewPod).last().isEqualTo("MODIFIED " + uid + " Ready=True");
            assertThat(seen).anySatisfy(e -> assertThat(e).startsWith("DELETED " + before));
        }
        Pod now = client.pods().withName("postgis-0").get();
        assertThat(now.getMetadata().getUid()).isNotEqualTo(before).isEqualTo(cluster.podUid());
        assertThat(ready(now)).isEqualTo("True");
        try (Connection c = forwardedConnection(pg.reader());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void accessReviewsAnswerAndHonourDeniedRbac() throws Exception {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withNamespace("kfm-stage")
                .withVerb("create")
                .withResource("pods")
                .withSubresource("portforward")
                .endResourceAttributes()
                .endSpec()
                .build();
        SelfSubjectAccessReview allowed = client.resource(review).create();
        assertThat(allowed.getStatus().getAllowed()).isTrue();
        assertThat(allowed.getSpec().getResourceAttributes().getSubresource()).isEqualTo("portforward");

        cluster.faults().denyRbac("create:pods/portforward", "get:secrets");
        assertThat(client.resource(review).create().getStatus().getAllowed()).isFalse();
        assertThatThrownBy(() -> client.secrets().withName("postgis-auth").get())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403));
        PortForward denied = rawForward("postgis-0");
        await(() -> !denied.getServerThrowables().isEmpty()
                || !denied.getClientThrowables().isEmpty());
        assertThat(errors(denied)).anySatisfy(t -> assertThat(describe(t)).contains("403"));
        denied.close();

        SelfSubjectReview me = client.resource(
                        new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder().build())
                .create();
        assertThat(me.getStatus().getUserInfo().getUsername()).isEqualTo("breakglass-operator@example.org");
        assertThat(me.getStatus().getUserInfo().getGroups()).isNotEmpty();
    }

    @Test
    void configMapsAreCreateOnlyForTheOperatorAsTheStageRbacHasItUntilATestGrantsMore() {
        var configMaps = client.configMaps().inNamespace("kfm-stage");
        var created = configMaps
                .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("breakglass-seal-fake-cluster-test")
                        .endMetadata()
                        .addToData("head", "a")
                        .build())
                .create();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThat(configMaps.withName("breakglass-seal-fake-cluster-test").get())
                .isNotNull();
        assertThat(canI("create", "configmaps")).isTrue();
        assertThat(canI("list", "configmaps")).isTrue();
        for (String verb : List.of("update", "patch", "delete", "deletecollection")) {
            assertThat(canI(verb, "configmaps")).as(verb).isFalse();
        }
        assertThatThrownBy(() ->
                        configMaps.withName("breakglass-seal-fake-cluster-test").delete())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403));
        assertThatThrownBy(() -> configMaps
                        .withName("breakglass-seal-fake-cluster-test")
                        .edit(c -> {
                            c.getData().put("head", "b");
                            return c;
                        }))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403));
        assertThat(cluster.adminClient()
                        .configMaps()
                        .inNamespace("kfm-stage")
                        .withName("breakglass-seal-fake-cluster-test")
                        .get()
                        .getData())
                .containsEntry("head", "a");

        cluster.faults().grantRbac("delete:configmaps");
        assertThat(canI("delete", "configmaps")).isTrue();
        assertThat(canI("update", "configmaps")).isFalse();
        configMaps.withName("breakglass-seal-fake-cluster-test").delete();
        assertThatThrownBy(() -> cluster.faults().grantRbac("get:secrets"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not withheld");

        cluster.faults().resetRbac();
        assertThat(canI("delete", "configmaps")).isFalse();
    }

    @Test
    void anAccessReviewThatAsksNothingIsInvalidNotAllowed() {
        var empty = new SelfSubjectAccessReviewBuilder().withNewSpec().endSpec().build();
        assertThatThrownBy(() -> client.resource(empty).create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422));
    }

    private static boolean canI(String verb, String resource) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withVerb(verb)
                .withResource(resource)
                .withNamespace("kfm-stage")
                .endResourceAttributes()
                .endSpec()
                .build();
        return client.resource(review).create().getStatus().getAllowed();
    }

    @Test
    void portForwardToAnUnknownPodFails() throws Exception {
        PortForward forward = rawForward("no-such-pod");
        await(() -> !forward.getServerThrowables().isEmpty()
                || !forward.getClientThrowables().isEmpty());
        assertThat(errors(forward)).anySatisfy(t -> assertThat(describe(t)).contains("404"));
        forward.close();
    }

    @Test
    void failedApiAnswersTheInjectedStatusUntilCleared() {
        cluster.faults().failApi(401);
        assertThatThrownBy(() -> client.pods().list())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(401));
        assertThat(cluster.adminClient().pods().list().getItems()).isNotEmpty();
        cluster.faults().clearApiFailures();
        assertThat(client.pods().list().getItems()).isNotEmpty();
    }

    @Test
    void portForwardToAPortNobodyListensOnReportsAnErrorOnTheErrorChannel() throws Exception {
        PortForward forward = rawForward("postgis-0", 6543);
        await(forward::errorOccurred);
        assertThat(errors(forward)).anySatisfy(t -> assertThat(t).hasMessageContaining("error forwarding port 6543"));
        forward.close();
    }

    @Test
    void addedLatencyStillAnswersEveryRequest() {
        cluster.faults().latency(java.time.Duration.ofMillis(300));
        try {
            assertThat(client.pods().list().getItems())
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactly("postgis-0");
        } finally {
            cluster.faults().latency(java.time.Duration.ZERO);
        }
    }

    private static List<Throwable> errors(PortForward forward) {
        List<Throwable> all = new ArrayList<>(forward.getServerThrowables());
        all.addAll(forward.getClientThrowables());
        return all;
    }

    /** A throwable and its causes, as one line of text. */
    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }

    private static PortForward rawForward(String pod) {
        return rawForward(pod, 5432);
    }

    private static PortForward rawForward(String pod, int port) {
        try {
            Pipe toPod = Pipe.open();
            Pipe fromPod = Pipe.open();
            return client.pods().withName(pod).portForward(port, toPod.source(), fromPod.sink());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Connection forwardedConnection(DbRole role) throws SQLException {
        // The host/port in the URL are ignored by the forwarding socket; pgjdbc still wants them.
        return DriverManager.getConnection(
                "jdbc:postgresql://postgis.kfm-stage.svc:5432/kfm", PortForwardSocketFactory.jdbcProperties(KEY, role));
    }

    private static KubernetesClient clientFrom(String kubeconfigYaml) {
        Config config = Config.fromKubeconfig(kubeconfigYaml);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static String ready(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow()
                .getStatus();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A CA from the JDK's trust store: real, but it never signed the fake cluster's certificate. */
    private static String someOtherCaPem() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(
                Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                        .toFile(),
                (char[]) null);
        X509Certificate ca = (X509Certificate)
                cacerts.getCertificate(Collections.list(cacerts.aliases()).get(0));
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ca.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
