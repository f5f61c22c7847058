package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kfm.breakglass.kube.MockObjects.NS;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SecretReaderTest {

    KubernetesClient client;
    SecretReader reader;

    @BeforeEach
    void setUp() {
        reader = new SecretReader(new ClusterAccess(client, "mock", NS, true));
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("postgis-auth")
                        .withNamespace(NS)
                        .endMetadata()
                        .addToData("POSTGRES_USER", b64("reader"))
                        .addToData("POSTGRES_PASSWORD", b64("pä55-wörd"))
                        .build())
                .create();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesUserAndPasswordAndNeverPrintsThePassword() {
        var credentials = reader.read(NS, "postgis-auth", "POSTGRES_USER", "POSTGRES_PASSWORD");

        assertThat(credentials.user()).isEqualTo("reader");
        assertThat(credentials.password()).containsExactly("pä55-wörd".toCharArray());
        assertThat(credentials.toString()).contains("reader").doesNotContain("pä55");
    }

    @Test
    void destroyWipesThePassword() {
        var credentials = reader.read(NS, "postgis-auth", "POSTGRES_USER", "POSTGRES_PASSWORD");
        char[] password = credentials.password();

        credentials.destroy();

        assertThat(password).containsOnly('\0');
        assertThat(credentials.isDestroyed()).isTrue();
        assertThatThrownBy(credentials::password).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingKeyNamesSecretAndKeyButNoValue() {
        assertThatThrownBy(() -> reader.read(NS, "postgis-auth", "POSTGRES_USER", "PASSWORD"))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("Secret kfm-stage/postgis-auth")
                .hasMessageContaining("'PASSWORD'")
                .hasMessageNotContaining("pä55")
                .hasMessageNotContaining(b64("pä55-wörd"));
    }

    @Test
    void stringDataIsReadToo() {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("plain")
                        .withNamespace(NS)
                        .endMetadata()
                        .addToStringData("POSTGRES_USER", "reader")
                        .addToStringData("POSTGRES_PASSWORD", "plain-pässword")
                        .build())
                .create();

        var credentials = reader.read(NS, "plain", "POSTGRES_USER", "POSTGRES_PASSWORD");

        assertThat(credentials.user()).isEqualTo("reader");
        assertThat(credentials.password()).containsExactly("plain-pässword".toCharArray());
    }

    @Test
    void aValueThatIsNotBase64OrNotUtf8IsNamedWithoutItsContent() {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("broken")
                        .withNamespace(NS)
                        .endMetadata()
                        .addToData("POSTGRES_USER", b64("reader"))
                        .addToData("POSTGRES_PASSWORD", "not*base64!")
                        .addToData("LATIN1_PASSWORD", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xE4, 'x'}))
                        .build())
                .create();

        assertThatThrownBy(() -> reader.read(NS, "broken", "POSTGRES_USER", "POSTGRES_PASSWORD"))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("key 'POSTGRES_PASSWORD' is not valid base64")
                .hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> reader.read(NS, "broken", "POSTGRES_USER", "LATIN1_PASSWORD"))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("key 'LATIN1_PASSWORD' is not UTF-8 text");
    }

    @Test
    void aSecretNameOrNamespaceThatCannotExistIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> reader.read(NS, "../configmaps/x", "POSTGRES_USER", "POSTGRES_PASSWORD"))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("not a Kubernetes object name");
        assertThatThrownBy(() -> reader.read("../kube-system", "postgis-auth", "POSTGRES_USER", "POSTGRES_PASSWORD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DNS-1123");
    }

    @Test
    void missingSecretIsNamed() {
        assertThatThrownBy(() -> reader.read(NS, "postgis-auth-nope", "POSTGRES_USER", "POSTGRES_PASSWORD"))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("Secret kfm-stage/postgis-auth-nope does not exist");
    }
}
