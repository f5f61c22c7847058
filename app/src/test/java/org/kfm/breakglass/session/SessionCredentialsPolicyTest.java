package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's {@code sessionCredentials} section: defaults, the per-session mode, and what it refuses. */
class SessionCredentialsPolicyTest {
    @TempDir
    Path dir;

    private final PolicyLoader loader = new PolicyLoader();

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("policy-" + yaml.hashCode() + ".yaml"), yaml);
    }

    @Test
    void theDefaultStaysTheSecretsRoles() {
        var credentials = Policy.defaults().sessionCredentials();
        assertThat(credentials.perSession()).isFalse();
        assertThat(credentials.mode()).isEqualTo("secret");
        assertThat(credentials.issuer().secret()).isEqualTo("postgis-auth-issuer");
        assertThat(credentials.connectionLimit()).isEqualTo(2);
    }

    @Test
    void perSessionReadsTheIssuerSecretLimitAndTimeout() throws Exception {
        var policy = loader.read(write("""
                sessionCredentials:
                  mode: per-session
                  issuer: {secret: db-issuer, userKey: user, passwordKey: pass}
                  connectionLimit: 1
                  statementTimeout: 90s
                """));
        var credentials = policy.sessionCredentials();
        assertThat(credentials.perSession()).isTrue();
        assertThat(credentials.issuer().secret()).isEqualTo("db-issuer");
        assertThat(credentials.issuer().userKey()).isEqualTo("user");
        assertThat(credentials.issuer().passwordKey()).isEqualTo("pass");
        assertThat(credentials.connectionLimit()).isEqualTo(1);
        assertThat(credentials.statementTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void anUnknownModeOrALimitOutOfRangeIsAnErrorNamingTheField() throws Exception {
        Path badMode = write("sessionCredentials:\n  mode: dynamic\n");
        assertThatThrownBy(() -> loader.read(badMode))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("sessionCredentials.mode must be secret or per-session (got dynamic)");
        Path zero = write("sessionCredentials:\n  mode: per-session\n  connectionLimit: 0\n");
        assertThatThrownBy(() -> loader.read(zero))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("connectionLimit must be between 1 and 10");
    }

    @Test
    void anOperatorClusterMayNameItsIssuer() throws Exception {
        var policy = loader.read(write("""
                targets:
                  credentials:
                    cnpg/kfm:
                      issuer: {secret: kfm-issuer}
                """));
        assertThat(policy.targets().credentialFor("cnpg/kfm", "issuer"))
                .hasValueSatisfying(c -> assertThat(c.secret()).isEqualTo("kfm-issuer"));
    }
}
