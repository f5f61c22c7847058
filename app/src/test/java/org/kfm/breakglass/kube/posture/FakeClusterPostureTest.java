package org.kfm.breakglass.kube.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;

/** The demo cluster is seeded from the committed render, so it passes the same posture rules live. */
class FakeClusterPostureTest {
    private static LocalPostgis pg;
    private static FakeCluster cluster;

    @BeforeAll
    static void start() {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg);
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

    @Test
    void fakeClusterPassesEveryRuleThroughItsKubeconfig() {
        var findings = PostureRulebook.evaluate(
                LivePostureSource.read(cluster.kubeconfig(), cluster.contextName(), cluster.namespace()));

        assertThat(findings)
                .hasSize(PostureRulebook.rules().size())
                .allSatisfy(f -> assertThat(f.verdict()).as(f.toString()).isEqualTo(Verdict.PASS));
    }

    @Test
    void fakeClusterHoldsTheFixturesObjects() {
        var admin = cluster.adminClient();
        var fixture = StageFixture.objects();

        var service =
                admin.services().inNamespace("kfm-stage").withName("postgis").get();
        assertThat(service.getSpec().getPorts())
                .isEqualTo(StageFixture.find(fixture, Service.class, "postgis")
                        .getSpec()
                        .getPorts());
        assertThat(admin.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("kfm-stage")
                        .list()
                        .getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(fixture.stream()
                        .filter(NetworkPolicy.class::isInstance)
                        .map(p -> p.getMetadata().getName())
                        .toList());
        var pod = admin.pods().inNamespace("kfm-stage").withName("postgis-0").get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "postgis");
        assertThat(pod.getSpec().getContainers().getFirst().getResources().getLimits())
                .containsKeys("cpu", "memory");
        assertThat(admin.persistentVolumeClaims()
                        .inNamespace("kfm-stage")
                        .list()
                        .getItems())
                .extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("postgis-data-postgis-0", "postgis-backup");
        var adminSecret = admin.secrets()
                .inNamespace("kfm-stage")
                .withName("postgis-auth-admin")
                .get();
        assertThat(new String(
                        Base64.getDecoder().decode(adminSecret.getData().get("POSTGRES_USER")), StandardCharsets.UTF_8))
                .isEqualTo(pg.superuser().user());
    }
}
