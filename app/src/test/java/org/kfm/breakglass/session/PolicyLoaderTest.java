package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    @TempDir
    Path dir;

    private final PolicyLoader loader = new PolicyLoader();

    @Test
    void fillsEveryDefaultWhenNoFileExists() throws Exception {
        var loaded = loader.load(Optional.empty(), Map.of("HOME", dir.toString()));

        assertThat(loaded.source()).startsWith("built-in defaults");
        var policy = loaded.policy();
        assertThat(policy.justification().reasonMinLength()).isEqualTo(20);
        assertThat(policy.session().defaultDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.session().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.credentialsFor(AccessMode.READ_ONLY).secret()).isEqualTo("postgis-auth");
        assertThat(policy.credentialsFor(AccessMode.READ_ONLY).passwordKey()).isEqualTo("POSTGRES_PASSWORD");
        assertThat(policy.elevation().write().allowed()).isTrue();
        assertThat(policy.elevation().owner().allowed()).isFalse();
    }

    @Test
    void theWitnessIsOffByDefaultRequiredWhenNamedAndItsTyposAreErrorsWithALine() throws Exception {
        assertThat(Policy.defaults().audit().witness()).isNull();
        assertThat(Policy.defaults().audit().hasRemoteCopy()).isFalse();

        var witnessed = loader.read(write("audit:\n  witness: {kind: cluster}\n"));
        assertThat(witnessed.audit().witness().required()).isTrue();
        var bestEffort = loader.read(write("audit:\n  witness: {kind: cluster, requirement: best-effort}\n"));
        assertThat(bestEffort.audit().witness().required()).isFalse();

        Path badKind = write("audit:\n  witness: {kind: configmap}\n");
        assertThatThrownBy(() -> loader.read(badKind))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(badKind + ":2:")
                .hasMessageContaining("audit.witness.kind must be cluster");
        Path badRequirement = write("audit:\n  witness: {kind: cluster, requirement: maybe}\n");
        assertThatThrownBy(() -> loader.read(badRequirement)).hasMessageContaining("required or best-effort");
    }

    @Test
    void aSyslogCaFileNeedsTls() throws Exception {
        var tls = loader.read(write("""
                audit:
                  sinks:
                    - {type: syslog, host: loghost, port: 6514, tls: true, caFile: /etc/ca.pem}
                """));
        assertThat(tls.audit().sinks().getFirst().caFile()).isEqualTo("/etc/ca.pem");
        assertThat(tls.audit().hasRemoteCopy()).isTrue();

        Path plain = write("""
                audit:
                  sinks:
                    - {type: syslog, host: loghost, port: 514, caFile: /etc/ca.pem}
                """);
        assertThatThrownBy(() -> loader.read(plain))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("caFile applies only to a syslog sink with tls: true");
    }

    @Test
    void readsOperatorDurationsAndOverridesOnlyWhatTheFileSays() throws Exception {
        Path file = write("""
                justification:
                  reasonMinLength: 10
                session:
                  maxDuration: 4h
                  idleTimeout: 90s
                """);

        Policy policy = loader.read(file);

        assertThat(policy.justification().reasonMinLength()).isEqualTo(10);
        assertThat(policy.justification().ticketPattern()).isEqualTo("^[A-Z]+-\\d+$");
        assertThat(policy.session().maxDuration()).isEqualTo(Duration.ofHours(4));
        assertThat(policy.session().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void flagBeatsEnvironmentBeatsXdgConfig() throws Exception {
        Path xdg = dir.resolve("config/breakglass/policy.yaml");
        Files.createDirectories(xdg.getParent());
        Files.writeString(xdg, "justification: {reasonMinLength: 11}\n");
        Path viaEnv = write("justification: {reasonMinLength: 12}\n");
        var env = Map.of(
                "HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString());

        assertThat(loader.load(Optional.empty(), env).policy().justification().reasonMinLength())
                .isEqualTo(11);
        var withEnv = new java.util.HashMap<>(env);
        withEnv.put("BREAKGLASS_POLICY", viaEnv.toString());
        assertThat(loader.load(Optional.empty(), withEnv)
                        .policy()
                        .justification()
                        .reasonMinLength())
                .isEqualTo(12);
        Path viaFlag = dir.resolve("flag.yaml");
        Files.writeString(viaFlag, "justification: {reasonMinLength: 13}\n");
        assertThat(loader.load(Optional.of(viaFlag), withEnv)
                        .policy()
                        .justification()
                        .reasonMinLength())
                .isEqualTo(13);
    }

    @Test
    void unknownKeyIsAnErrorNamingTheLine() throws Exception {
        Path file = write("""
                session:
                  maxDuration: 1h
                  maxDurration: 2h
                """);

        assertThatThrownBy(() -> loader.read(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file + ":3:")
                .hasMessageContaining("maxDurration");
    }

    @Test
    void badDurationIsAnErrorNamingTheLineAndTheFix() throws Exception {
        Path file = write("""
                justification:
                  reasonMinLength: 20
                session:
                  idleTimeout: ten minutes
                """);

        assertThatThrownBy(() -> loader.read(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(":4:")
                .hasMessageContaining("not a duration");
    }

    @Test
    void brokenYamlIsAnErrorNotASilentFallback() throws Exception {
        Path file = write("session: [unclosed\n");

        assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of("HOME", dir.toString())))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("will not start a session");
    }

    @Test
    void defaultLongerThanMaximumIsRejected() throws Exception {
        Path file = write("session: {defaultDuration: 3h, maxDuration: 1h}\n");

        assertThatThrownBy(() -> loader.read(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("longer than session.maxDuration");
    }

    @Test
    void missingFileNamedByFlagIsAnError() {
        assertThatThrownBy(() -> loader.load(Optional.of(dir.resolve("nope.yaml")), Map.of()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("no such policy file");
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "policy", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
