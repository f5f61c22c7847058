package org.kfm.breakglass.kube.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.check.Verdict;

/** --live against fabric8's mock API server (CRUD mode, TLS) seeded with the fixture's objects. */
class LivePostureSourceTest {
    private MockStageCluster cluster;
    private NamespacedKubernetesClient admin;

    @TempDir
    Path dir;

    @BeforeEach
    void startCluster() {
        cluster = MockStageCluster.start();
        admin = cluster.adminClient();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void seededStageNamespacePassesEveryRuleOverVerifiedTls() throws Exception {
        var kubeconfig = cluster.kubeconfig(dir);

        var findings = PostureRulebook.evaluate(LivePostureSource.read(kubeconfig, "stage", "kfm-stage"));

        assertThat(findings)
                .hasSize(PostureRulebook.rules().size())
                .allSatisfy(f -> assertThat(f.verdict()).as(f.toString()).isEqualTo(Verdict.PASS));
        assertThat(findings)
                .filteredOn(f -> f.rule().equals("no-plaintext-secrets"))
                .singleElement()
                .extracting(PostureFinding::reason)
                .isEqualTo("live cluster");
    }

    @Test
    void liveInputHoldsThePodAndTheClaimsButNoSecrets() throws Exception {
        var input = LivePostureSource.read(cluster.kubeconfig(dir), null, null);

        assertThat(input.origin()).isEqualTo(PostureInput.Origin.LIVE);
        assertThat(input.postgisWorkloads())
                .extracting(Workload::describe)
                .containsExactlyInAnyOrder("StatefulSet postgis", "Pod postgis-0");
        assertThat(input.claims())
                .extracting(StorageClaim::origin)
                .contains("PersistentVolumeClaim postgis-data-postgis-0", "PersistentVolumeClaim postgis-backup");
        assertThat(input.secrets()).as("Secrets are never listed live").isEmpty();
    }

    @Test
    void nodePortAddedOnTheClusterFailsLive() throws Exception {
        admin.services().inNamespace("kfm-stage").withName("postgis").edit(s -> {
            s.getSpec().setType("NodePort");
            return s;
        });

        var findings = PostureRulebook.evaluate(LivePostureSource.read(cluster.kubeconfig(dir), "stage", "kfm-stage"));

        assertThat(findings)
                .filteredOn(f -> f.verdict() == Verdict.FAIL)
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("Service postgis is type NodePort"));
    }

    @Test
    void deletedDenyAllPolicyFailsLive() throws Exception {
        admin.network()
                .v1()
                .networkPolicies()
                .inNamespace("kfm-stage")
                .withName("postgis-deny-all")
                .delete();

        var findings = PostureRulebook.evaluate(LivePostureSource.read(cluster.kubeconfig(dir), "stage", "kfm-stage"));

        assertThat(findings)
                .filteredOn(f -> f.verdict() == Verdict.FAIL)
                .extracting(PostureFinding::rule)
                .containsExactly("deny-all-ingress");
        assertThat(findings.get(1).reason()).contains("Pod postgis-0");
    }

    @Test
    void clientConfigVerifiesTheServerCertificate() throws Exception {
        var config = LivePostureSource.clientConfig(cluster.kubeconfig(dir), "stage");

        assertThat(config.isTrustCerts()).isFalse();
        assertThat(config.getMasterUrl()).startsWith("https://");
    }

    @Test
    void unknownContextIsRejected() throws Exception {
        var kubeconfig = cluster.kubeconfig(dir);

        assertThatThrownBy(() -> LivePostureSource.read(kubeconfig, "prod", "kfm-stage"))
                .isInstanceOf(PostureInputException.class)
                .hasMessageContaining("prod");
    }

    @Test
    void missingKubeconfigIsRejectedNamingThePath() {
        var missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> LivePostureSource.read(missing, null, "kfm-stage"))
                .isInstanceOf(PostureInputException.class)
                .hasMessageContaining("nope.yaml");
    }
}
