package org.kfm.breakglass.kube.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetResolver;
import org.kfm.breakglass.kube.TargetUnavailableException;

/**
 * Each operator's cluster resolved through the fake API server over TLS: the Service per role, the pod and its
 * role, the container port, the Secret layout, and resolving again by role after a failover.
 */
class OperatorTargetResolutionTest {

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
        return fake.shapes("ops-" + NAMESPACES.incrementAndGet());
    }

    private static TargetResolver resolver() {
        return new TargetResolver(fake.access);
    }

    @Test
    void cloudNativePgReadWriteIsThePrimaryThroughTheRwServiceWithTheAppSecret() {
        var ns = freshNamespace();
        var pods = ns.cloudNativePg("kfm", 2, Map.of("initdb", Map.of("database", "kfm", "owner", "kfm_reader")));

        var primary = resolver().locate(ns.namespace(), TargetRef.parse("cnpg/kfm"));

        assertThat(primary.pod().name()).isEqualTo("kfm-1");
        assertThat(primary.pod().uid())
                .isEqualTo(pods.get("kfm-1").getMetadata().getUid());
        assertThat(primary.pod().containerPort()).isEqualTo(5432);
        assertThat(primary.pod().containerPortName()).isEqualTo("postgresql");
        assertThat(primary.role()).isEqualTo(PodRole.PRIMARY);
        assertThat(primary.route())
                .startsWith("Service kfm-rw (selector cnpg.io/cluster=kfm,cnpg.io/instanceRole=primary)");
        assertThat(primary.secret())
                .isEqualTo(new SecretLayout(
                        "kfm-app", List.of("username", "user"), "password", Optional.of("dbname"), Optional.of("kfm")));
    }

    @Test
    void cloudNativePgReadOnlyIsAReplicaAndTheBootstrapSecretWins() {
        var ns = freshNamespace();
        ns.cloudNativePg("kfm", 2, Map.of("initdb", Map.of("secret", Map.of("name", "kfm-owner-credentials"))));

        var candidates = resolver().candidates(ns.namespace(), TargetRef.parse("cnpg/kfm:ro"));

        assertThat(candidates).extracting(t -> t.pod().name()).containsExactly("kfm-2", "kfm-3");
        assertThat(candidates).extracting(ResolvedTarget::role).containsOnly(PodRole.REPLICA);
        assertThat(candidates.getFirst().secret().secretName()).isEqualTo("kfm-owner-credentials");
        // CloudNativePG's default database when the bootstrap names none.
        assertThat(candidates.getFirst().secret().defaultDatabase()).contains("app");
    }

    @Test
    void aMissingOperatorClusterSaysSoAndHowToLook() {
        var ns = freshNamespace();

        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("cnpg/nothing")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("no CloudNativePG cluster 'nothing' in " + ns.namespace())
                .hasMessageContaining("kubectl get clusters.postgresql.cnpg.io -n " + ns.namespace());
    }

    @Test
    void zalandoMasterResolvesThroughTheSelectorlessServicesEndpointSlice() {
        var ns = freshNamespace();
        var pods = ns.zalando(
                "acid-kfm",
                1,
                Map.of(
                        "users", Map.of("zalando", List.of("superuser", "createdb"), "kfm_reader", List.of()),
                        "databases", Map.of("kfm", "kfm_reader")),
                true);

        var master = resolver().locate(ns.namespace(), TargetRef.parse("zalando/acid-kfm"));

        assertThat(master.pod().name()).isEqualTo("acid-kfm-0");
        assertThat(master.pod().uid())
                .isEqualTo(pods.get("acid-kfm-0").getMetadata().getUid());
        assertThat(master.pod().containerPort()).isEqualTo(5432);
        assertThat(master.pod().containerPortName()).isEmpty(); // Spilo's ports are unnamed
        assertThat(master.role()).isEqualTo(PodRole.PRIMARY);
        assertThat(master.route()).contains("Service acid-kfm (no selector) → EndpointSlice acid-kfm-");
        // The single login role that is not a superuser; '_' becomes '-' in the Secret name.
        assertThat(master.secret())
                .isEqualTo(new SecretLayout(
                        "kfm-reader.acid-kfm.credentials.postgresql.acid.zalan.do",
                        List.of("username"),
                        "password",
                        Optional.empty(),
                        Optional.of("kfm")));
    }

    @Test
    void zalandoMasterEndpointWithoutTargetRefIsFoundByThePodsIp() {
        var ns = freshNamespace();
        ns.zalando("acid-kfm", 1, Map.of("users", Map.of("kfm_reader", List.of())), false);

        var master = resolver().locate(ns.namespace(), TargetRef.parse("zalando/acid-kfm:master"));

        assertThat(master.pod().name()).isEqualTo("acid-kfm-0");
        assertThat(master.role()).isEqualTo(PodRole.PRIMARY);
    }

    @Test
    void zalandoReplicaGoesThroughTheReplService() {
        var ns = freshNamespace();
        ns.zalando("acid-kfm", 2, Map.of("users", Map.of("kfm_reader", List.of())), true);

        var replica = resolver().locate(ns.namespace(), TargetRef.parse("zalando/acid-kfm:replica"));

        assertThat(replica.pod().name()).isEqualTo("acid-kfm-1");
        assertThat(replica.role()).isEqualTo(PodRole.REPLICA);
        assertThat(replica.route()).startsWith("Service acid-kfm-repl (selector ");
    }

    @Test
    void zalandoPreparedDatabaseReaderWinsAndAmbiguousUsersAreRefused() {
        var prepared = freshNamespace();
        prepared.zalando(
                "acid-gis",
                0,
                Map.of(
                        "users", Map.of("app_owner", List.of(), "etl", List.of()),
                        "preparedDatabases", Map.of("gis", Map.of("defaultUsers", true))),
                true);
        var ambiguous = freshNamespace();
        ambiguous.zalando("acid-kfm", 0, Map.of("users", Map.of("app_owner", List.of(), "etl", List.of())), true);

        assertThat(resolver()
                        .locate(prepared.namespace(), TargetRef.parse("zalando/acid-gis"))
                        .secret())
                .satisfies(s -> {
                    assertThat(s.secretName())
                            .isEqualTo("gis-reader-user.acid-gis.credentials.postgresql.acid.zalan.do");
                    assertThat(s.defaultDatabase()).contains("gis");
                });
        assertThatThrownBy(() -> resolver().locate(ambiguous.namespace(), TargetRef.parse("zalando/acid-kfm")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("several login users that are not superusers [app_owner, etl]")
                .hasMessageContaining("name the database user the console should use in the policy");
        var named = new TargetResolver(
                fake.access,
                new SecretConventions(SecretLayout.seed("postgis-auth"), Optional.of("etl"), Optional.empty()));
        assertThat(named.locate(ambiguous.namespace(), TargetRef.parse("zalando/acid-kfm"))
                        .secret()
                        .secretName())
                .isEqualTo("etl.acid-kfm.credentials.postgresql.acid.zalan.do");
    }

    @Test
    void crunchyPrimaryFollowsThePrimaryServiceToTheLeaderServiceAndItsPod() {
        var ns = freshNamespace();
        var pods = ns.crunchy("hippo", 1, List.of(Map.of("name", "kfm", "databases", List.of("kfm", "scratch"))));
        var leader = pods.keySet().iterator().next();

        var primary = resolver().locate(ns.namespace(), TargetRef.parse("crunchy/hippo"));

        assertThat(primary.pod().name()).isEqualTo(leader);
        assertThat(primary.pod().containerPortName()).isEqualTo("postgres");
        assertThat(primary.role()).isEqualTo(PodRole.PRIMARY);
        assertThat(primary.route())
                .contains("Service hippo-primary (no selector)")
                .contains(" = Service hippo-ha (no selector) → EndpointSlice hippo-ha-")
                .endsWith("→ pod " + leader);
        assertThat(primary.secret())
                .isEqualTo(new SecretLayout(
                        "hippo-pguser-kfm", List.of("user"), "password", Optional.of("dbname"), Optional.of("kfm")));
    }

    @Test
    void crunchyWithoutUsersUsesTheUserNamedLikeTheClusterAndReplicasGoThroughReplicas() {
        var ns = freshNamespace();
        var pods = ns.crunchy("hippo", 2, null);

        var replicas = resolver().candidates(ns.namespace(), TargetRef.parse("crunchy/hippo:replicas"));

        assertThat(replicas).hasSize(2).extracting(ResolvedTarget::role).containsOnly(PodRole.REPLICA);
        assertThat(replicas)
                .extracting(t -> t.pod().name())
                .containsExactlyElementsOf(pods.keySet().stream().skip(1).toList());
        assertThat(replicas.getFirst().secret().secretName()).isEqualTo("hippo-pguser-hippo");
        assertThat(replicas.getFirst().secret().defaultDatabase()).contains("hippo");
    }

    @Test
    void relocationByRoleFollowsTheFailoverAndAReplicaTargetStaysOnItsReplica() {
        var ns = freshNamespace();
        ns.cloudNativePg("kfm", 2, null);
        var resolver = resolver();
        var primary = resolver.locate(ns.namespace(), TargetRef.parse("cnpg/kfm:rw"));
        var replica = resolver.candidates(ns.namespace(), TargetRef.parse("cnpg/kfm:ro"))
                .get(1); // kfm-3

        // Failover as CloudNativePG does it: kfm-2 is promoted, the old primary is relabelled a replica.
        relabel(ns, "kfm-1", "replica");
        relabel(ns, "kfm-2", "primary");

        var afterFailover = resolver.relocate(primary);
        assertThat(afterFailover.moved()).isTrue();
        assertThat(afterFailover.now().pod().name()).isEqualTo("kfm-2");
        assertThat(afterFailover.now().role()).isEqualTo(PodRole.PRIMARY);
        assertThat(afterFailover.describe())
                .isEqualTo("the primary of cnpg/kfm:rw moved from pod kfm-1 (uid "
                        + primary.pod().uid() + ") to pod kfm-2 (uid "
                        + afterFailover.now().pod().uid() + ")");
        var replicaAfter = resolver.relocate(replica);
        assertThat(replicaAfter.moved()).isFalse();
        assertThat(replicaAfter.now().pod().name()).isEqualTo("kfm-3");
    }

    @Test
    void aPodWhoseLabelsContradictTheRoleIsNeverChosen() {
        var ns = freshNamespace();
        ns.zalando("acid-kfm", 1, Map.of("users", Map.of("kfm_reader", List.of())), true);
        // Patroni demoted the master but the Endpoints still name it: mid-failover.
        relabelSpilo(ns, "acid-kfm-0", "replica");

        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("zalando/acid-kfm")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("routes only to pods the operator labels as another role ([acid-kfm-0 replica])")
                .hasMessageContaining("failover is probably in progress");
    }

    @Test
    void anUnreadableManifestFallsBackToConventionsOrSaysWhatToGrant() {
        var ns = freshNamespace();
        ns.cloudNativePg("kfm", 0, Map.of("initdb", Map.of("database", "kfm")));
        ns.zalando("acid-kfm", 0, Map.of("users", Map.of("kfm_reader", List.of())), true);
        fake.cluster.faults().denyRbac("get:clusters", "get:postgresqls");

        var cnpg = resolver().locate(ns.namespace(), TargetRef.parse("cnpg/kfm"));
        assertThat(cnpg.pod().name()).isEqualTo("kfm-1");
        assertThat(cnpg.secret().secretName()).isEqualTo("kfm-app");
        assertThat(cnpg.secret().defaultDatabase()).contains("app"); // the manifest's "kfm" could not be read
        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("zalando/acid-kfm")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining(
                        "grant 'get' on postgresqls.acid.zalan.do, or name the database user in the policy");
    }

    @Test
    void aDeniedServiceReadIsAnAccessErrorNamingTheCall() {
        var ns = freshNamespace();
        ns.cloudNativePg("kfm", 0, null);
        fake.cluster.faults().denyRbac("get:services");

        assertThatThrownBy(() -> resolver().locate(ns.namespace(), TargetRef.parse("cnpg/kfm")))
                .isInstanceOf(KubeAccessException.class)
                .isNotInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("read Service " + ns.namespace() + "/kfm-rw")
                .hasMessageContaining("403");
    }

    private static void relabel(OperatorShapes ns, String pod, String role) {
        var pods = fake.cluster.adminClient().pods().inNamespace(ns.namespace());
        var current = pods.withName(pod).get();
        pods.resource(new PodBuilder(current)
                        .editMetadata()
                        .addToLabels("cnpg.io/instanceRole", role)
                        .addToLabels("role", role)
                        .endMetadata()
                        .build())
                .update();
    }

    private static void relabelSpilo(OperatorShapes ns, String pod, String role) {
        var pods = fake.cluster.adminClient().pods().inNamespace(ns.namespace());
        var current = pods.withName(pod).get();
        pods.resource(new PodBuilder(current)
                        .editMetadata()
                        .addToLabels("spilo-role", role)
                        .endMetadata()
                        .build())
                .update();
    }
}
