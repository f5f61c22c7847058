package org.kfm.breakglass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.kube.posture.MockStageCluster;
import org.kfm.breakglass.kube.posture.StageFixture;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/** breakglass posture end to end through picocli. */
class PostureCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(InputStream stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var commandLine = new CommandLine(new PostureCommand(stdin));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    @Test
    void committedFixturePassesWithExitZeroAndOneLinePerRule() {
        var result = run("--manifests", StageFixture.rendered().toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).hasSize(8).allMatch(line -> line.startsWith("PASS  "));
        assertThat(result.out()).contains("service-exposure", "Service postgis is ClusterIP");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void manifestsFromStdinAreRead() {
        var stdin = new ByteArrayInputStream(StageFixture.renderedText().getBytes(StandardCharsets.UTF_8));

        var result = run(stdin, "--manifests", "-");

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines()).hasSize(8);
    }

    @Test
    void failingRuleExitsOneAndPrintsFail() throws Exception {
        var mutated = dir.resolve("stage.yaml");
        Files.writeString(mutated, StageFixture.renderedText().replace("type: ClusterIP", "type: NodePort"));

        var result = run("--manifests", mutated.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).containsPattern("(?m)^FAIL  service-exposure +Service postgis is type NodePort");
    }

    @Test
    void aRenderWithoutTheNotifyRevokeFailsTheFunctionPrivilegesRule() throws Exception {
        var mutated = dir.resolve("stage.yaml");
        String revoke = "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) FROM PUBLIC;";
        assertThat(StageFixture.renderedText()).contains(revoke);
        Files.writeString(mutated, StageFixture.renderedText().replace(revoke, "-- " + revoke));

        var result = run("--manifests", mutated.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out())
                .containsPattern(
                        "(?m)^FAIL  function-privileges +the init SQL does not revoke EXECUTE from PUBLIC on 1 "
                                + "function\\(s\\): pg_notify\\(text,text\\)");
    }

    @Test
    void jsonReportParsesAndCarriesEveryFinding() throws Exception {
        var mutated = dir.resolve("stage.yaml");
        Files.writeString(mutated, StageFixture.renderedText().replace("name: postgres\n", "name: pg\n"));

        var result = run("--manifests", mutated.toString(), "--format", "json");

        assertThat(result.exit()).isEqualTo(1);
        var json = JsonMapper.builder().build().readTree(result.out());
        assertThat(json.get("source").asString()).isEqualTo(mutated.toString());
        assertThat(json.get("failed").asBoolean()).isTrue();
        assertThat(json.get("findings")).hasSize(8);
        var port = json.get("findings").get(6);
        assertThat(port.get("rule").asString()).isEqualTo("named-postgres-port");
        assertThat(port.get("verdict").asString()).isEqualTo("FAIL");
        assertThat(port.get("reason").asString()).contains("postgres");
    }

    @Test
    void plaintextSecretIsReportedWithoutItsValue() throws Exception {
        var mutated = dir.resolve("stage.yaml");
        Files.writeString(mutated, StageFixture.renderedText() + """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: postgis-auth
                stringData:
                  POSTGRES_PASSWORD: correct-horse-battery
                """);

        var result = run("--manifests", mutated.toString(), "--format", "json");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("Secret postgis-auth").doesNotContain("correct-horse-battery");
        assertThat(result.err()).doesNotContain("correct-horse-battery");
    }

    @Test
    void missingFileExitsTwoWithAClearMessage() {
        var result = run("--manifests", dir.resolve("absent.yaml").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("breakglass posture: cannot read manifests", "absent.yaml");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void garbageInputExitsTwo() {
        var stdin = new ByteArrayInputStream("{not: [yaml".getBytes(StandardCharsets.UTF_8));

        var result = run(stdin, "--manifests", "-");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("not valid Kubernetes YAML");
    }

    @Test
    void neitherInputIsAUsageErrorExitingTwo() {
        var result = run();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--manifests", "--live");
    }

    @Test
    void bothInputsAreAUsageErrorExitingTwo() {
        var result = run("--live", "--manifests", "-");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("mutually exclusive");
    }

    @Test
    void clusterOptionsWithoutLiveAreAUsageError() {
        var result = run("--manifests", "-", "--namespace", "kfm-stage");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("need --live");
    }

    @Test
    void unknownFormatIsAUsageError() {
        var result = run("--manifests", "-", "--format", "xml");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("xml");
    }

    @Test
    void liveStageClusterPassesAndJsonNamesTheTarget() throws Exception {
        try (var cluster = MockStageCluster.start()) {
            var kubeconfig = cluster.kubeconfig(dir);

            var result = run(
                    "--live",
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "--context",
                    "stage",
                    "--namespace",
                    "kfm-stage",
                    "--format",
                    "json");

            assertThat(result.exit()).as(result.err()).isZero();
            var json = JsonMapper.builder().build().readTree(result.out());
            assertThat(json.get("source").asString()).isEqualTo("live:stage/kfm-stage");
            assertThat(json.get("failed").asBoolean()).isFalse();
            assertThat(json.get("findings").get(4).get("reason").asString()).isEqualTo("live cluster");
        }
    }

    @Test
    void liveClusterWithAnExposedServiceExitsOne() throws Exception {
        try (var cluster = MockStageCluster.start()) {
            cluster.adminClient()
                    .services()
                    .inNamespace("kfm-stage")
                    .withName("postgis")
                    .edit(s -> {
                        s.getSpec().setType("LoadBalancer");
                        return s;
                    });

            var result = run("--live", "--kubeconfig", cluster.kubeconfig(dir).toString());

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.out())
                    .containsPattern("(?m)^FAIL  service-exposure +Service postgis is type LoadBalancer");
        }
    }

    @Test
    void unreachableClusterExitsTwoWithAClearMessage() throws Exception {
        var kubeconfig = dir.resolve("kubeconfig");
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: op, user: {token: t}}]
                contexts: [{name: gone, context: {cluster: gone, user: op, namespace: kfm-stage}}]
                current-context: gone
                """);

        var result = run("--live", "--kubeconfig", kubeconfig.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("breakglass posture: ").contains("kfm-stage");
    }
}
