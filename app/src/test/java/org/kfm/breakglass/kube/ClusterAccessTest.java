package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.check.Verdict;

/** ClusterAccess opened from a kubeconfig against fabric8's mock API server (expectation mode, HTTPS). */
@EnableKubernetesMockClient(https = true)
class ClusterAccessTest {

    private static final String SSR = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
    private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    KubernetesMockServer server;

    @TempDir
    Path dir;

    /** The mock server's certificate is self-signed and not exposed, so the kubeconfig must skip verification. */
    private ClusterAccess openInsecure() throws IOException {
        var kubeconfig = Files.writeString(
                dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: mock
                  context: {cluster: mock, user: op, namespace: kfm-stage}
                users:
                - name: op
                  user: {token: tok-123}
                """.formatted(server.url("/").replaceAll("/$", "")));
        return ClusterAccess.open(KubeconfigCatalog.load(kubeconfig), "mock");
    }

    @Test
    void reportsWhoTheOperatorIs() throws IOException {
        server.expect()
                .post()
                .withPath(SSR)
                .andReturn(
                        201,
                        new SelfSubjectReviewBuilder()
                                .withNewStatus()
                                .withNewUserInfo()
                                .withUsername("alice@kfm.org")
                                .withGroups("kfm-dba", "system:authenticated")
                                .endUserInfo()
                                .endStatus()
                                .build())
                .once();

        try (var access = openInsecure()) {
            assertThat(access.whoAmI())
                    .isEqualTo(new Identity("alice@kfm.org", java.util.List.of("kfm-dba", "system:authenticated")));
            assertThat(access.defaultNamespace()).isEqualTo("kfm-stage");
        }
    }

    @Test
    void rejectedCredentialsSayToRefreshTheLogin() throws IOException {
        server.expect()
                .post()
                .withPath(SSR)
                .andReturn(
                        401,
                        new StatusBuilder()
                                .withCode(401)
                                .withMessage("Unauthorized")
                                .build())
                .always();

        try (var access = openInsecure()) {
            assertThatThrownBy(access::whoAmI)
                    .isInstanceOf(KubeAccessException.class)
                    .hasMessageContaining("rejected your credentials (401)")
                    .hasMessageContaining("refresh your login")
                    .hasMessageNotContaining("tok-123");
            assertThat(new IdentityProbe(access).run().verdict()).isEqualTo(Verdict.FAIL);
        }
    }

    @Test
    void clusterWithoutSelfSubjectReviewIsExplained() throws IOException {
        server.expect()
                .post()
                .withPath(SSR)
                .andReturn(404, new StatusBuilder().withCode(404).build())
                .always();

        try (var access = openInsecure()) {
            assertThatThrownBy(access::whoAmI)
                    .isInstanceOf(KubeAccessException.class)
                    .hasMessageContaining("does not offer SelfSubjectReview");
        }
    }

    @Test
    void serverErrorsSayTheApiServerFailed() throws IOException {
        server.expect()
                .post()
                .withPath(SSAR)
                .andReturn(503, new StatusBuilder().withCode(503).build())
                .always();

        try (var access = openInsecure()) {
            assertThatThrownBy(() -> access.canI("list", "pods", "", "kfm-stage"))
                    .isInstanceOf(KubeAccessException.class)
                    .hasMessageContaining("list pods")
                    .hasMessageContaining("API server failed (503)");
        }
    }

    @Test
    void answersCanIFromTheAccessReview() throws IOException {
        server.expect()
                .post()
                .withPath(SSAR)
                .andReturn(
                        201,
                        new SelfSubjectAccessReviewBuilder()
                                .withNewStatus()
                                .withAllowed(true)
                                .withReason("RBAC: allowed by RoleBinding")
                                .endStatus()
                                .build())
                .once();

        try (var access = openInsecure()) {
            var verdict = access.canI("create", "pods", "portforward", "kfm-stage");
            assertThat(verdict.allowed()).isTrue();
            assertThat(verdict.permission()).isEqualTo("create pods/portforward");
        }
    }

    @Test
    void insecureKubeconfigIsReportedAndWarned() throws IOException {
        try (var access = openInsecure()) {
            assertThat(access.tlsVerified()).isFalse();
            var result = new TlsVerificationProbe(access).run();
            assertThat(result.verdict()).isEqualTo(Verdict.WARN);
            assertThat(result.reason()).contains("insecure-skip-tls-verify");
        }
    }

    @Test
    void kubeconfigWithCertificateAuthorityIsVerified() throws IOException {
        var kubeconfig = Files.writeString(dir.resolve("verified"), """
                apiVersion: v1
                kind: Config
                current-context: prod
                clusters:
                - name: prod
                  cluster: {server: "https://prod.example:6443"}
                contexts:
                - name: prod
                  context: {cluster: prod, user: op}
                users:
                - name: op
                  user: {token: tok}
                """);
        try (var access = ClusterAccess.open(KubeconfigCatalog.load(kubeconfig), "prod")) {
            assertThat(access.tlsVerified()).isTrue();
            assertThat(access.serverUrl()).startsWith("https://prod.example:6443");
            assertThat(new TlsVerificationProbe(access).run().verdict()).isEqualTo(Verdict.PASS);
        }
    }
}
