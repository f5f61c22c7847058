package org.kfm.breakglass.kube.posture;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * fabric8's mock API server in CRUD mode over TLS, holding what a running kfm-stage namespace
 * holds: the fixture's Service, StatefulSet, NetworkPolicies and PVCs, a Ready pod postgis-0 built
 * from the pod template (random uid), its data PVC, and the Secret the external-secrets operator
 * would have produced. Until the testkit's FakeCluster lands, posture tests use this.
 */
public final class MockStageCluster implements AutoCloseable {
    public static final String NAMESPACE = "kfm-stage";
    public static final String CONTEXT = "stage";

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient admin;

    private MockStageCluster(KubernetesMockServer server) {
        this.server = server;
        this.admin = server.createClient();
    }

    public static MockStageCluster start() {
        var server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), true);
        server.init();
        var cluster = new MockStageCluster(server);
        cluster.seed(StageFixture.objects());
        return cluster;
    }

    /** A client that trusts the mock server; for seeding and mutating, not for the code under test. */
    public NamespacedKubernetesClient adminClient() {
        return admin;
    }

    /** Writes a kubeconfig with the server's CA (TLS verified), a token and context {@value #CONTEXT}. */
    public Path kubeconfig(Path dir) throws IOException {
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
                  - name: %s
                    context:
                      cluster: mock
                      user: operator
                      namespace: %s
                current-context: %s
                """.formatted(server.getPort(), ca, CONTEXT, NAMESPACE, CONTEXT));
        return file;
    }

    private void seed(List<HasMetadata> fixture) {
        for (var object : fixture) {
            if (object instanceof Service
                    || object instanceof StatefulSet
                    || object instanceof NetworkPolicy
                    || object instanceof PersistentVolumeClaim) {
                admin.resource(object).inNamespace(NAMESPACE).create();
            }
        }
        var statefulSet = StageFixture.find(fixture, StatefulSet.class, "postgis");
        var template = statefulSet.getSpec().getTemplate();
        admin.pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("postgis-0")
                        .withNamespace(NAMESPACE)
                        .withUid(UUID.randomUUID().toString())
                        .withLabels(template.getMetadata().getLabels())
                        .endMetadata()
                        .withSpec(template.getSpec())
                        .withNewStatus()
                        .withPhase("Running")
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build())
                .create();
        var claimTemplate = statefulSet.getSpec().getVolumeClaimTemplates().getFirst();
        admin.persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(claimTemplate.getMetadata().getName() + "-postgis-0")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withSpec(claimTemplate.getSpec())
                        .build())
                .create();
        // What the external-secrets operator produces on a real cluster: expected live.
        admin.secrets()
                .inNamespace(NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("postgis-auth")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withData(Map.of(
                                "POSTGRES_USER", base64("kfm_reader"),
                                "POSTGRES_PASSWORD", base64(UUID.randomUUID().toString())))
                        .build())
                .create();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }
}
