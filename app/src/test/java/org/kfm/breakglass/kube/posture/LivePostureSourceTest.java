package org.kfm.breakglass.kube.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --live against fabric8's mock API server (CRUD mode, TLS) seeded with the fixture's objects. */
class LivePostureSourceTest {
    private KubernetesMockServer server;
    private NamespacedKubernetesClient admin;

    @TempDir
    Path dir;

    @BeforeEach
    void startCluster() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), true);
        server.init();
        admin = server.createClient();
        MockStage.seed(admin, StageFixture.objects());
    }

    @AfterEach
    void stopCluster() {
        admin.close();
        server.destroy();
    }

    @Test
    void seededStageNamespacePassesEveryRuleOverVerifiedTls() throws Exception {
        var kubeconfig = MockStage.kubeconfig(server, dir);

        var findings = PostureRulebook.evaluate(LivePostureSource.read(kubeconfig, "stage", "kfm-stage"));

        assertThat(findings).hasSize(PostureRulebook.rules().size())
                .allSatisfy(f -> assertThat(f.verdict()).as(f.toString()).isEqualTo(Verdict.PASS));
        assertThat(findings).filteredOn(f -> f.rule().equals("no-plaintext-secrets")).singleElement()
                .extracting(PostureFinding::reason).isEqualTo("live cluster");
    }

    @Test
    void liveInputHoldsThePodAndTheClaimsButNoSecrets() throws Exception {
        var input = LivePostureSource.read(MockStage.kubeconfig(server, dir), null, null);

        assertThat(input.origin()).isEqualTo(PostureInput.Origin.LIVE);
        assertThat(input.postgisWorkloads()).extracting(Workload::describe)
                .containsExactlyInAnyOrder("StatefulSet postgis", "Pod postgis-0");
        assertThat(input.claims()).extracting(StorageClaim::origin).contains(
                "PersistentVolumeClaim postgis-data-postgis-0", "PersistentVolumeClaim postgis-backup");
        assertThat(input.secrets()).as("Secrets are never listed live").isEmpty();
    }

    @Test
    void nodePortAddedOnTheClusterFailsLive() throws Exception {
        admin.services().inNamespace("kfm-stage").withName("postgis")
                .edit(s -> { s.getSpec().setType("NodePort"); return s; });

        var findings = PostureRulebook.evaluate(
                LivePostureSource.read(MockStage.kubeconfig(server, dir), "stage", "kfm-stage"));

        assertThat(findings).filteredOn(f -> f.verdict() == Verdict.FAIL).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("Service postgis is type NodePort"));
    }

    @Test
    void deletedDenyAllPolicyFailsLive() throws Exception {
        admin.network().v1().networkPolicies().inNamespace("kfm-stage").withName("postgis-deny-all").delete();

        var findings = PostureRulebook.evaluate(
                LivePostureSource.read(MockStage.kubeconfig(server, dir), "stage", "kfm-stage"));

        assertThat(findings).filteredOn(f -> f.verdict() == Verdict.FAIL).extracting(PostureFinding::rule)
                .containsExactly("deny-all-ingress");
        assertThat(findings.get(1).reason()).contains("Pod postgis-0");
    }

    @Test
    void clientConfigVerifiesTheServerCertificate() throws Exception {
        var config = LivePostureSource.clientConfig(MockStage.kubeconfig(server, dir), "stage");

        assertThat(config.isTrustCerts()).isFalse();
        assertThat(config.getMasterUrl()).startsWith("https://");
    }

    @Test
    void unknownContextIsRejected() throws Exception {
        var kubeconfig = MockStage.kubeconfig(server, dir);

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

    /** Seeds a mock API server with what a running stage namespace holds, and writes a kubeconfig for it. */
    static final class MockStage {
        private MockStage() {}

        static void seed(NamespacedKubernetesClient client, List<HasMetadata> fixture) {
            for (var object : fixture) {
                if (object instanceof Service || object instanceof StatefulSet || object instanceof NetworkPolicy
                        || object instanceof PersistentVolumeClaim) {
                    client.resource(object).inNamespace("kfm-stage").create();
                }
            }
            var statefulSet = StageFixture.find(fixture, StatefulSet.class, "postgis");
            var template = statefulSet.getSpec().getTemplate();
            client.pods().inNamespace("kfm-stage").resource(new PodBuilder()
                    .withNewMetadata().withName("postgis-0").withNamespace("kfm-stage")
                    .withUid(UUID.randomUUID().toString()).withLabels(template.getMetadata().getLabels())
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .withNewStatus().withPhase("Running")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus()
                    .build()).create();
            var claimTemplate = statefulSet.getSpec().getVolumeClaimTemplates().getFirst();
            client.persistentVolumeClaims().inNamespace("kfm-stage").resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(claimTemplate.getMetadata().getName() + "-postgis-0")
                    .withNamespace("kfm-stage").endMetadata()
                    .withSpec(claimTemplate.getSpec())
                    .build()).create();
            // What the external-secrets operator produces on a real cluster; expected live.
            client.secrets().inNamespace("kfm-stage").resource(new SecretBuilder()
                    .withNewMetadata().withName("postgis-auth").withNamespace("kfm-stage").endMetadata()
                    .withData(Map.of(
                            "POSTGRES_USER", Base64.getEncoder().encodeToString("kfm_reader".getBytes(StandardCharsets.UTF_8)),
                            "POSTGRES_PASSWORD", Base64.getEncoder().encodeToString(UUID.randomUUID().toString()
                                    .getBytes(StandardCharsets.UTF_8))))
                    .build()).create();
        }

        /** A kubeconfig with the mock server's CA, a token and a context {@code stage} in kfm-stage. */
        static Path kubeconfig(KubernetesMockServer server, Path dir) throws Exception {
            var file = dir.resolve("kubeconfig");
            var ca = server.getSelfSignedCertificate().certificatePath();
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: mock
                        cluster:
                          server: https://localhost:%d
                          certificate-authority: %s
                    users:
                      - name: operator
                        user:
                          token: not-a-real-token
                    contexts:
                      - name: stage
                        context:
                          cluster: mock
                          user: operator
                          namespace: kfm-stage
                    current-context: stage
                    """.formatted(server.getPort(), ca));
            return file;
        }
    }
}
