package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.e2e.Stage;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * kubeconfig {@code exec} credential plugins, as EKS ({@code aws eks get-token}), GKE
 * ({@code gke-gcloud-auth-plugin}) and kubelogin use them: a small plugin script written here prints a
 * {@code client.authentication.k8s.io/v1} {@code ExecCredential}, and the fake API server, which accepts only the
 * operator's bearer token, proves the plugin's token is what reaches it. A failing plugin is named, with what to do.
 */
class ExecCredentialPluginTest {

    static LocalPostgis pg;
    static FakeCluster cluster;

    @TempDir
    Path dir;

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

    /** An executable script; {@code marker} is touched each time it runs. */
    private Path plugin(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\ntouch '" + dir.resolve(name + ".ran") + "'\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static String credential(String token) {
        return "printf '%s' '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                + "\"status\":{\"token\":\"" + token + "\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}'";
    }

    /** A kubeconfig whose user gets its token from {@code command} (with a secret-looking argument). */
    private Path kubeconfig(String command, String installHint) throws IOException {
        String ca = Base64.getEncoder()
                .encodeToString(cluster.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII));
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                current-context: eks
                clusters:
                - name: eks
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                contexts:
                - name: eks
                  context: {cluster: eks, user: sso, namespace: kfm-stage}
                users:
                - name: sso
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: %s
                      args: ["get-token", "--oidc-client-secret=TOPSECRET-arg"]
                      interactiveMode: Never
                      %s
                """.formatted(
                        cluster.serverUrl(), ca, command, installHint == null ? "" : "installHint: " + installHint));
    }

    private static ClusterAccess open(Path kubeconfig) {
        return ClusterAccess.open(KubeconfigCatalog.load(kubeconfig), "eks");
    }

    @Test
    void thePluginsTokenReachesTheApiServer() throws IOException {
        var kubeconfig = kubeconfig(plugin("aws", credential(cluster.token())).toString(), null);

        try (var access = open(kubeconfig)) {
            assertThat(access.credentialProblem()).isEmpty();
            assertThat(access.whoAmI().user()).isEqualTo("breakglass-operator@example.org");
            assertThat(access.canI("create", "pods", "portforward", "kfm-stage").allowed())
                    .isTrue();
        }
    }

    @Test
    void aTokenTheServerDoesNotKnowIsRefusedSoTheGoodCaseProvesTheTokenIsUsed() throws IOException {
        var kubeconfig =
                kubeconfig(plugin("aws", credential("not-the-operators-token")).toString(), null);

        try (var access = open(kubeconfig)) {
            assertThat(access.credentialProblem()).isEmpty();
            assertThatThrownBy(access::whoAmI)
                    .isInstanceOf(KubeAccessException.class)
                    .hasMessageContaining("rejected your credentials (401)");
        }
    }

    @Test
    void listingContextsRunsNoPluginOpeningAContextDoes() throws IOException {
        var script = plugin("gke-gcloud-auth-plugin", credential(cluster.token()));
        var kubeconfig = kubeconfig(script.toString(), null);
        Path ran = dir.resolve("gke-gcloud-auth-plugin.ran");

        var catalog = KubeconfigCatalog.load(kubeconfig);
        assertThat(catalog.contexts()).extracting(KubeContext::name).containsExactly("eks");
        assertThat(ran).doesNotExist();

        try (var access = ClusterAccess.open(catalog, "eks")) {
            assertThat(ran).exists();
        }
    }

    @Test
    void aPluginThatExitsNonZeroIsNamedWithWhatToDoAndItsArgumentsStayHidden() throws IOException {
        var script = plugin("kubelogin", "echo 'error: the SSO session has expired' >&2\nexit 1");

        try (var access = open(kubeconfig(script.toString(), null))) {
            assertThat(access.credentialProblem()).isPresent();
            var refused = catchThrowableOfType(KubeAccessException.class, access::whoAmI);
            assertThat(refused)
                    .hasMessageContaining("Could not ask the API server who you are")
                    .hasMessageContaining("the credential plugin '" + script + "' (client.authentication.k8s.io/v1)")
                    .hasMessageContaining("of user 'sso'")
                    .hasMessageContaining("gave no token or client certificate")
                    .hasMessageContaining("Run that command yourself")
                    .hasMessageNotContaining("TOPSECRET");
            assertThat(refused.connectionFailed())
                    .as("a refusal (exit 3), not a connection failure")
                    .isFalse();
            // Nothing is sent without credentials: every call through the access is refused the same way.
            assertThatThrownBy(() -> access.canI("get", "pods", "", "kfm-stage"))
                    .hasMessageContaining("the credential plugin '" + script + "'");
        }
    }

    @Test
    void aPluginThatPrintsNoExecCredentialIsNamedToo() throws IOException {
        var script = plugin("aws", "echo 'Welcome! <html>not json</html>'");

        try (var access = open(kubeconfig(script.toString(), null))) {
            assertThatThrownBy(access::whoAmI)
                    .isInstanceOf(KubeAccessException.class)
                    .hasMessageContaining("the credential plugin '" + script + "'")
                    .hasMessageContaining("printed no valid ExecCredential");
        }
    }

    @Test
    void aPluginThatIsNotInstalledSaysSoWithTheKubeconfigsInstallHint() throws IOException {
        var kubeconfig = kubeconfig("kfm-no-such-credential-plugin", "'Install it with: brew install kfm-auth'");

        try (var access = open(kubeconfig)) {
            assertThatThrownBy(access::whoAmI)
                    .hasMessageContaining("the credential plugin 'kfm-no-such-credential-plugin'")
                    .hasMessageContaining("is not installed or not on PATH")
                    .hasMessageContaining("(the kubeconfig says: Install it with: brew install kfm-auth)");
        }
    }

    @Test
    void theCliRefusesPreflightWithExitThreeNamingThePlugin() throws IOException {
        var script = plugin("aws", "exit 1");
        var kubeconfig = kubeconfig(script.toString(), null);

        var result = CliRun.run(
                "preflight",
                "--kubeconfig",
                kubeconfig.toString(),
                "-d",
                "kfm",
                "--reason",
                Stage.REASON,
                "--ticket",
                Stage.TICKET,
                "--audit-dir",
                dir.resolve("audit").toString(),
                "--policy",
                Stage.policy(dir.resolve("policy"), Stage.WITNESSED).toString());

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(result.err())
                .contains("the credential plugin '" + script + "'")
                .contains("gave no token or client certificate")
                .doesNotContain("TOPSECRET");
    }
}
