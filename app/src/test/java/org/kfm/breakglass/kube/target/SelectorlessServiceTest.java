package org.kfm.breakglass.kube.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.SecretReader;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetResolver;
import org.kfm.breakglass.kube.TargetUnavailableException;
import org.kfm.breakglass.kube.TunnelSupervisor;

/**
 * A Service without a selector resolved through its EndpointSlices, which fabric8's service forward cannot do: the
 * Ready endpoint's pod, its port by name, NotReady, terminating and stale endpoints skipped, and a real PostgreSQL
 * session through a selectorless Service in front of the stage pod.
 */
class SelectorlessServiceTest {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    static FakeTargets fake;

    @BeforeAll
    static void start() {
        fake = FakeTargets.start();
    }

    @AfterAll
    static void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @AfterEach
    void resetRbac() {
        fake.cluster.faults().resetRbac();
    }

    private static OperatorShapes freshNamespace() {
        return fake.shapes("direct-" + NAMESPACES.incrementAndGet());
    }

    private static TargetResolver resolver() {
        return new TargetResolver(fake.access);
    }

    /** A selectorless Service {@code db} (port {@code pg} 5432 → 5432) and three database pods. */
    private static List<Pod> threePods(OperatorShapes ns) {
        ns.createService(
                ns.service("db", Map.of(), null, "pg", 5432, new IntOrString(5432), OperatorShapes.nextClusterIp()));
        return List.of("db-a", "db-b", "db-c").stream()
                .map(name -> ns.createPod(ns.pod(
                        name, Map.of("app", "db"), "postgres", List.of(OperatorShapes.port("postgres", 5432)), true)))
                .toList();
    }

    @Test
    void theNotReadyEndpointIsSkippedAndTheReadyOnesPodAndNamedPortAreUsed() {
        var ns = freshNamespace();
        var pods = threePods(ns);
        ns.createSlice(ns.mirroredSlice(
                "db",
                "pg",
                5432,
                List.of(ns.endpoint(pods.get(0), false, true), ns.endpoint(pods.get(1), true, true))));

        var candidates = resolver().candidates(ns.namespace(), TargetRef.parse("svc/db:pg"));

        assertThat(candidates).extracting(t -> t.pod().name()).containsExactly("db-b");
        var target = candidates.getFirst();
        assertThat(target.pod().uid()).isEqualTo(pods.get(1).getMetadata().getUid());
        assertThat(target.pod().containerPort()).isEqualTo(5432);
        assertThat(target.pod().containerPortName()).isEqualTo("postgres");
        assertThat(target.role()).isEqualTo(PodRole.UNKNOWN);
        assertThat(target.secret()).isEqualTo(SecretLayout.seed("postgis-auth"));
        assertThat(resolver()
                        .resolve(ns.namespace(), TargetRef.parse("svc/db:5432"))
                        .name())
                .isEqualTo("db-b");
    }

    @Test
    void whenEveryEndpointIsUnusableTheErrorSaysWhyForEach() {
        var ns = freshNamespace();
        var pods = threePods(ns);
        var terminating = new EndpointBuilder(ns.endpoint(pods.get(1), true, true))
                .editConditions()
                .withReady(false)
                .withServing(true)
                .withTerminating(true)
                .endConditions()
                .build();
        var stale = new EndpointBuilder(ns.endpoint(pods.get(2), true, true))
                .editTargetRef()
                .withUid(UUID.randomUUID().toString())
                .endTargetRef()
                .withAddresses("10.244.9.9")
                .build();
        ns.createSlice(ns.mirroredSlice(
                "db",
                "pg",
                5432,
                List.of(
                        ns.endpoint(pods.get(0), false, true),
                        terminating,
                        stale,
                        OperatorShapes.addressEndpoint("10.1.2.3"))));

        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("svc/db:pg")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("(no selector) has no Ready endpoint")
                .hasMessageContaining("(pod db-a) is not ready")
                .hasMessageContaining("(pod db-c) names an earlier instance of the pod")
                .hasMessageContaining("10.1.2.3 is neither a pod's nor a Service's address");
    }

    @Test
    void anEndpointWhosePodIsNotReadyItselfIsSkippedEvenIfTheSliceSaysReady() {
        var ns = freshNamespace();
        ns.createService(
                ns.service("db", Map.of(), null, "pg", 5432, new IntOrString(5432), OperatorShapes.nextClusterIp()));
        var unready = ns.createPod(
                ns.pod("db-a", Map.of(), "postgres", List.of(OperatorShapes.port("postgres", 5432)), false));
        ns.createSlice(ns.mirroredSlice("db", "pg", 5432, List.of(ns.endpoint(unready, true, true))));

        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("svc/db:pg")))
                .hasMessageContaining("(pod db-a) is Running, not Ready");
    }

    @Test
    void aSelectorlessServiceWithoutSlicesOrWithoutThePortSaysSo() {
        var ns = freshNamespace();
        var pods = threePods(ns);

        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("svc/db:pg")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("has no pod selector and no EndpointSlice (label kubernetes.io/service-name=db)");

        ns.createSlice(ns.mirroredSlice("db", "postgresql", 5432, List.of(ns.endpoint(pods.get(0), true, true))));
        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("svc/db:pg")))
                .hasMessageContaining("has no port named 'pg'");
    }

    @Test
    void aDeniedEndpointSliceListNamesThePermissionNeeded() {
        var ns = freshNamespace();
        var pods = threePods(ns);
        ns.createSlice(ns.mirroredSlice("db", "pg", 5432, List.of(ns.endpoint(pods.get(0), true, true))));
        fake.cluster.faults().denyRbac("list:endpointslices");

        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("svc/db:pg")))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("needs 'list endpointslices.discovery.k8s.io'")
                .hasMessageContaining("403");
    }

    @Test
    void aReplacedPodIsStillTheEndpointWhenItKeptTheAddress() {
        var ns = freshNamespace();
        var pods = threePods(ns);
        var original = pods.get(0);
        ns.createSlice(ns.mirroredSlice("db", "pg", 5432, List.of(ns.endpoint(original, true, true))));
        // Same name and IP, new UID: Patroni reuses its target_ref when name and IP still match.
        var podsApi = fake.cluster.adminClient().pods().inNamespace(ns.namespace());
        podsApi.withName("db-a").withGracePeriod(0).delete();
        var replacement = podsApi.resource(new PodBuilder(original)
                        .editMetadata()
                        .withUid(UUID.randomUUID().toString())
                        .withResourceVersion(null)
                        .endMetadata()
                        .build())
                .create();

        var target = resolver().locate(ns.namespace(), TargetRef.parse("svc/db:pg"));

        assertThat(target.pod().name()).isEqualTo("db-a");
        assertThat(target.pod().uid())
                .isEqualTo(replacement.getMetadata().getUid())
                .isNotEqualTo(original.getMetadata().getUid());
    }

    @Test
    void aSessionRunsSqlThroughASelectorlessServiceInFrontOfTheStagePod() throws Exception {
        var stage = fake.shapes(fake.cluster.namespace());
        var stagePod = fake.cluster
                .adminClient()
                .pods()
                .inNamespace(fake.cluster.namespace())
                .withName("postgis-0")
                .get();
        stage.createService(stage.service(
                "postgis-direct",
                Map.of(),
                null,
                "postgres",
                5432,
                new IntOrString(5432),
                OperatorShapes.nextClusterIp()));
        stage.createSlice(
                stage.mirroredSlice("postgis-direct", "postgres", 5432, List.of(stage.endpoint(stagePod, true, true))));
        var target = TargetRef.parse("svc/postgis-direct:postgres");

        try (var tunnel = new TunnelSupervisor(
                fake.access, fake.cluster.namespace(), target, Duration.ofSeconds(30), Duration.ofMillis(250))) {
            var pod = tunnel.open();
            assertThat(pod.name()).isEqualTo("postgis-0");
            assertThat(pod.uid()).isEqualTo(stagePod.getMetadata().getUid());
            String key = UUID.randomUUID().toString();
            org.kfm.breakglass.kube.TunnelSocketFactory.register(key, tunnel);
            var credentials =
                    new SecretReader(fake.access).read(fake.cluster.namespace(), SecretLayout.seed("postgis-auth"));
            var props = new Properties();
            props.setProperty("user", credentials.user());
            props.setProperty("password", new String(credentials.password()));
            props.setProperty("socketFactory", org.kfm.breakglass.kube.TunnelSocketFactory.class.getName());
            props.setProperty("socketFactoryArg", key);
            props.setProperty("sslmode", "disable");
            credentials.destroy();
            try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/kfm", props);
                    var rs = connection.createStatement().executeQuery("SELECT current_user, PostGIS_Lib_Version()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(fake.pg.reader().user());
                assertThat(rs.getString(2)).startsWith("3.");
            }
        }
    }
}
