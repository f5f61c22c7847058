package org.kfm.breakglass.kube.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery of a namespace that holds every kind of target — the seed's Service, a selectorless Service, a
 * CloudNativePG, a Zalando and a Crunchy cluster — over the fake API server, and that its listing runs in parallel.
 */
class TargetCatalogTest {

    private static final Logger LOG = LoggerFactory.getLogger(TargetCatalogTest.class);
    static FakeTargets fake;
    static String leader;
    static List<String> crunchyReplicas;

    @BeforeAll
    static void seedEveryKind() {
        fake = FakeTargets.start();
        var ns = fake.shapes(fake.cluster.namespace());
        var admin = fake.cluster.adminClient();
        ns.cloudNativePg("kfm", 1, Map.of("initdb", Map.of("database", "kfm")));
        ns.zalando(
                "acid-kfm",
                1,
                Map.of("users", Map.of("zalando", List.of("superuser", "createdb"), "kfm_reader", List.of())),
                true);
        var crunchy = ns.crunchy("hippo", 1, List.of(Map.of("name", "kfm", "databases", List.of("kfm"))));
        leader = crunchy.keySet().iterator().next();
        crunchyReplicas = crunchy.keySet().stream().skip(1).toList();
        var stagePod =
                admin.pods().inNamespace(ns.namespace()).withName("postgis-0").get();
        ns.createService(ns.service(
                "postgis-direct",
                Map.of(),
                null,
                "postgres",
                5432,
                new IntOrString(5432),
                OperatorShapes.nextClusterIp()));
        ns.createSlice(
                ns.mirroredSlice("postgis-direct", "postgres", 5432, List.of(ns.endpoint(stagePod, true, true))));
        // PostgreSQL by its port name, with nothing behind it; and a Service that is not PostgreSQL at all.
        ns.createService(ns.service(
                "legacy-db",
                Map.of(),
                Map.of("app", "legacy-db"),
                "postgresql",
                6543,
                new IntOrString(6543),
                OperatorShapes.nextClusterIp()));
        ns.createService(ns.service(
                "metrics", Map.of(), Map.of("app", "postgis"), "http", 9187, new IntOrString(9187), "10.96.1.1"));
    }

    @AfterAll
    static void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @AfterEach
    void reset() {
        fake.cluster.faults().latency(Duration.ZERO);
        fake.cluster.faults().resetRbac();
    }

    private static TargetCatalog catalog() {
        return new TargetCatalog(fake.access, SecretConventions.defaults());
    }

    @Test
    void listsEveryKindWithPrimaryReplicasAndSecretAndNoOperatorServiceTwice() {
        var discovery = catalog().discover(fake.cluster.namespace());

        assertThat(discovery.warnings()).isEmpty();
        assertThat(discovery.targets())
                .extracting(
                        t -> t.target().toString(),
                        DiscoveredTarget::primaryPod,
                        DiscoveredTarget::readyReplicas,
                        DiscoveredTarget::secret)
                .containsExactly(
                        tuple("svc/legacy-db:6543", Optional.empty(), List.of(), Optional.of("postgis-auth")),
                        tuple("svc/postgis:5432", Optional.of("postgis-0"), List.of(), Optional.of("postgis-auth")),
                        tuple(
                                "svc/postgis-direct:5432",
                                Optional.of("postgis-0"),
                                List.of(),
                                Optional.of("postgis-auth")),
                        tuple("cnpg/kfm:rw", Optional.of("kfm-1"), List.of("kfm-2"), Optional.of("kfm-app")),
                        tuple(
                                "zalando/acid-kfm:master",
                                Optional.of("acid-kfm-0"),
                                List.of("acid-kfm-1"),
                                Optional.of("kfm-reader.acid-kfm.credentials.postgresql.acid.zalan.do")),
                        tuple(
                                "crunchy/hippo:primary",
                                Optional.of(leader),
                                crunchyReplicas,
                                Optional.of("hippo-pguser-kfm")));
        assertThat(discovery.targets().getFirst().problem())
                .hasValueSatisfying(p -> assertThat(p).contains("has no Ready pod (0 pod(s) match its selector"));
        assertThat(discovery.targets().subList(1, 6))
                .allSatisfy(t -> assertThat(t.problem()).isEmpty());
    }

    @Test
    void whatDiscoveryShowsIsWhatTheTargetResolvesTo() {
        var resolver = new TargetResolver(fake.access);
        for (var found : catalog().discover(fake.cluster.namespace()).targets()) {
            if (found.primaryPod().isPresent()) {
                var resolved = resolver.locate(fake.cluster.namespace(), found.target());
                assertThat(resolved.pod().name())
                        .as(found.target().toString())
                        .isEqualTo(found.primaryPod().get());
                assertThat(resolved.secret().secretName())
                        .isEqualTo(found.secret().orElseThrow());
            }
        }
    }

    @Test
    void anOperatorWhoseClustersCannotBeListedIsAWarningNotAFailure() {
        fake.cluster.faults().denyRbac("list:postgresqls", "list:endpointslices");

        var discovery = catalog().discover(fake.cluster.namespace());

        assertThat(discovery.warnings())
                .containsExactlyInAnyOrder(
                        "not allowed to list the EndpointSlices of kfm-stage (403): Services without a selector "
                                + "cannot be resolved",
                        "not allowed to list postgresqls.acid.zalan.do in kfm-stage (403): Zalando postgres-operator "
                                + "clusters are not shown");
        assertThat(discovery.targets())
                .extracting(DiscoveredTarget::kind)
                .doesNotContain(TargetRef.Kind.ZALANDO)
                .contains(TargetRef.Kind.CLOUDNATIVE_PG, TargetRef.Kind.CRUNCHY);
        // Without EndpointSlices the selectorless Services resolve to nothing, and say so.
        assertThat(discovery.targets())
                .filteredOn(t -> t.name().equals("postgis-direct") || t.kind() == TargetRef.Kind.CRUNCHY)
                .allSatisfy(t -> assertThat(t.problem())
                        .hasValueSatisfying(p -> assertThat(p).contains("no EndpointSlice")));
        // Zalando's Services are not passed off as plain ones when its clusters cannot be listed.
        assertThat(discovery.targets()).extracting(DiscoveredTarget::name).doesNotContain("acid-kfm", "acid-kfm-repl");
    }

    @Test
    void theSixListsRunInParallelSoDiscoveryCostsAboutOneRoundTrip() {
        var namespace = fake.cluster.namespace();
        // Warm the client's connection pool first, as a console's is after preflight: the fake server's one event
        // loop does the TLS handshakes of new connections one after another, which is not what is measured here.
        catalog().discover(namespace);
        var latency = Duration.ofMillis(400);
        fake.cluster.faults().latency(latency);
        var client = fake.access.client();

        long sequentialStart = System.nanoTime();
        client.services().inNamespace(namespace).list();
        client.pods().inNamespace(namespace).list();
        client.discovery().v1().endpointSlices().inNamespace(namespace).list();
        for (var operator : Operator.all()) {
            client.genericKubernetesResources(operator.resource())
                    .inNamespace(namespace)
                    .list();
        }
        long sequentialMs = (System.nanoTime() - sequentialStart) / 1_000_000;
        long discoveryStart = System.nanoTime();
        var discovery = catalog().discover(namespace);
        long discoveryMs = (System.nanoTime() - discoveryStart) / 1_000_000;
        LOG.info(
                "six lists at {} ms latency: sequential {} ms, discovery {} ms",
                latency.toMillis(),
                sequentialMs,
                discoveryMs);

        assertThat(discovery.targets()).hasSize(6);
        assertThat(sequentialMs).isGreaterThanOrEqualTo(6 * latency.toMillis());
        assertThat(discoveryMs)
                .as("discovery %d ms vs %d ms for the same six lists one after another", discoveryMs, sequentialMs)
                .isLessThan(sequentialMs / 2);
    }
}
