package org.kfm.breakglass.kube.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeconfigCatalog;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetResolver;
import org.kfm.breakglass.kube.TargetUnavailableException;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.kfm.breakglass.testkit.PostgresServer;
import org.kfm.breakglass.testkit.Shape;

/**
 * The resolver against the testkit's operator shapes ({@link Shape#ALL}: the seed, a CloudNativePG, a Zalando and a
 * Crunchy cluster, each instance pod bridged to its own real server, primary or hot standby): every operator
 * reference reaches the pod on the primary server with the operator's Secret, and after a real failover (standby
 * promoted, labels, Endpoints and slices moved by the harness) relocation by role reaches the promoted server.
 * {@link OperatorShapes} seeds the variants (legacy Secrets, missing targetRefs, NotReady endpoints); this test
 * checks that the resolver and the testkit agree on the full shapes.
 */
class TestkitShapesResolutionTest {

    static LocalPostgis pg;
    static FakeCluster cluster;
    static ClusterAccess access;

    @BeforeAll
    static void start() {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg, Shape.ALL);
        access = ClusterAccess.open(KubeconfigCatalog.load(cluster.kubeconfig()), cluster.contextName());
    }

    @AfterAll
    static void stop() {
        if (access != null) {
            access.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    record Expected(String ref, String primaryPod, String replicaPod, String secret) {}

    static final List<Expected> CLUSTERS = List.of(
            new Expected("cnpg/kfm-cnpg", "kfm-cnpg-1", "kfm-cnpg-2", "kfm-cnpg-app"),
            new Expected(
                    "zalando/kfm-zalando",
                    "kfm-zalando-0",
                    "kfm-zalando-1",
                    "kfm-reader.kfm-zalando.credentials.postgresql.acid.zalan.do"),
            new Expected(
                    "crunchy/kfm-crunchy",
                    "kfm-crunchy-instance1-x7kq-0",
                    "kfm-crunchy-instance1-9m2p-0",
                    "kfm-crunchy-pguser-kfm-reader"));

    @Test
    void everyOperatorsPrimaryIsThePodOnThePrimaryServerAndFollowsAFailoverToThePromotedOne() {
        String ns = cluster.namespace();
        // The shape's Zalando manifest has two login users (the reader and the owner with createdb): the resolver
        // does not guess, the policy names the user.
        assertThatThrownBy(() -> new TargetResolver(access).locate(ns, TargetRef.parse("zalando/kfm-zalando")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("several login users that are not superusers [kfm_owner, kfm_reader]");
        var resolver = new TargetResolver(
                access,
                new SecretConventions(
                        SecretLayout.seed(SecretLayout.SEED_SECRET), Optional.of("kfm_reader"), Optional.empty()));
        PostgresServer oldPrimary = pg.primary();
        var before = CLUSTERS.stream()
                .map(c -> resolver.locate(ns, TargetRef.parse(c.ref())))
                .toList();
        for (int i = 0; i < CLUSTERS.size(); i++) {
            var expected = CLUSTERS.get(i);
            var target = before.get(i);
            assertThat(target.pod().name()).as(expected.ref()).isEqualTo(expected.primaryPod());
            assertThat(target.role()).as(expected.ref()).isEqualTo(PodRole.PRIMARY);
            assertThat(target.pod().containerPort()).as(expected.ref()).isEqualTo(5432);
            assertThat(target.secret().secretName()).as(expected.ref()).isEqualTo(expected.secret());
            assertThat(cluster.serverOf(target.pod().name()))
                    .as(expected.ref() + ": its pod's forward reaches the primary server")
                    .containsSame(oldPrimary);
        }

        PostgresServer promoted = cluster.faults().failover();

        for (int i = 0; i < CLUSTERS.size(); i++) {
            var expected = CLUSTERS.get(i);
            var relocation = resolver.relocate(before.get(i));
            assertThat(relocation.moved()).as(relocation.describe()).isTrue();
            assertThat(relocation.now().pod().name()).as(expected.ref()).isEqualTo(expected.replicaPod());
            assertThat(relocation.now().role()).as(expected.ref()).isEqualTo(PodRole.PRIMARY);
            assertThat(cluster.serverOf(relocation.now().pod().name()))
                    .as(expected.ref() + ": the new primary's forward reaches the promoted server")
                    .containsSame(promoted);
        }
        assertThat(promoted).isNotSameAs(oldPrimary);
    }
}
