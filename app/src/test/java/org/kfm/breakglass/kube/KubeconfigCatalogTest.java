package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigCatalogTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static final String TWO_CONTEXTS = """
            apiVersion: v1
            kind: Config
            current-context: stage
            clusters:
            - name: prod-cluster
              cluster:
                server: https://prod.example:6443
            - name: stage-cluster
              cluster:
                server: https://stage.example:6443
                insecure-skip-tls-verify: true
            contexts:
            - name: prod
              context: {cluster: prod-cluster, user: alice, namespace: kfm-prod}
            - name: stage
              context: {cluster: stage-cluster, user: alice}
            users:
            - name: alice
              user: {token: not-a-real-token}
            """;

    @Test
    void listsContextsWithCurrentFirstAndTheirClusterSettings() throws IOException {
        var catalog = KubeconfigCatalog.load(write("config", TWO_CONTEXTS));

        assertThat(catalog.contexts()).extracting(KubeContext::name).containsExactly("stage", "prod");
        var stage = catalog.currentContext().orElseThrow();
        assertThat(stage.serverUrl()).isEqualTo("https://stage.example:6443");
        assertThat(stage.namespace()).isEqualTo("default");
        assertThat(stage.tlsVerificationDisabled()).isTrue();
        var prod = catalog.context("prod");
        assertThat(prod.namespace()).isEqualTo("kfm-prod");
        assertThat(prod.tlsVerificationDisabled()).isFalse();
        assertThat(prod.current()).isFalse();
    }

    @Test
    void mergesSearchListWithFirstFileWinning() throws IOException {
        var first = write("a", """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c1
                  cluster: {server: "https://one.example"}
                contexts:
                - name: one
                  context: {cluster: c1, user: u}
                users:
                - name: u
                  user: {token: t}
                """);
        var second = write("b", TWO_CONTEXTS);
        var missing = dir.resolve("missing");

        var catalog =
                KubeconfigCatalog.loadSearchList(first + File.pathSeparator + missing + File.pathSeparator + second);

        assertThat(catalog.files()).containsExactly(first, second);
        assertThat(catalog.contexts()).extracting(KubeContext::name).containsExactly("stage", "one", "prod");
        assertThat(catalog.context("one").serverUrl()).isEqualTo("https://one.example");
    }

    @Test
    void missingFileIsAnErrorNamingThePath() {
        var missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> KubeconfigCatalog.load(missing))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("KUBECONFIG");
    }

    @Test
    void searchListWithoutAnyExistingFileIsAnError() {
        assertThatThrownBy(() ->
                        KubeconfigCatalog.loadSearchList(dir.resolve("x") + File.pathSeparator + dir.resolve("y")))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("No kubeconfig file found");
    }

    @Test
    void malformedFileIsAnErrorThatDoesNotQuoteItsContent() throws IOException {
        var bad = write("bad", "clusters: [ {name: x, token: s3cr3t-token\n  - : :\n");
        assertThatThrownBy(() -> KubeconfigCatalog.load(bad))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void unknownContextListsTheAvailableOnes() throws IOException {
        var catalog = KubeconfigCatalog.load(write("config", TWO_CONTEXTS));
        assertThatThrownBy(() -> catalog.context("dev"))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("'dev'")
                .hasMessageContaining("stage")
                .hasMessageContaining("prod");
    }
}
