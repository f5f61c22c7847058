package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.LocalRsyslog;

/**
 * Issue 14's cluster witness end to end: sessions under a policy with the required cluster witness leave
 * create-only ConfigMaps in the target namespace; the operator's own credentials cannot delete or change them;
 * and {@code audit verify --witness cluster} names each session that a careful forger deleted, cut off the tail
 * at a seal boundary, rewrote (unsigned re-chain, or re-signed with the operator's own key) or invented — all
 * journals that the hash chain alone verifies as intact.
 */
class ClusterWitnessEndToEndTest {
    private static final String WITNESS_LABEL = "breakglass.kfm.org/witness";

    private static Stage stage;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    /** Each test starts from a namespace without witness objects (the harness may delete; the operator may not). */
    @BeforeEach
    void clearWitnesses() {
        stage.cluster()
                .adminClient()
                .configMaps()
                .inNamespace(stage.cluster().namespace())
                .withLabel(WITNESS_LABEL)
                .delete();
    }

    @Test
    void eachSessionLeavesCreateOnlyWitnessObjectsThatTheOperatorCannotDeleteOrChange() throws Exception {
        Path audit = Stage.auditDir(temp, "intact");
        var sessions = runSessions(audit, 2, stage.policy());

        var witnesses = witnessObjects();
        assertThat(witnesses)
                .extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "breakglass-session-" + sessions.get(0),
                        "breakglass-seal-" + sessions.get(0),
                        "breakglass-session-" + sessions.get(1),
                        "breakglass-seal-" + sessions.get(1));
        var journal = Journal.read(audit);
        var start = journal.records().stream()
                .filter(r -> r.path("type").asString().equals("session.start")
                        && r.path("session").asString().equals(sessions.get(0).toString()))
                .findFirst()
                .orElseThrow();
        var seal = journal.records().stream()
                .filter(r -> r.path("type").asString().equals("journal.seal")
                        && r.path("session").asString().equals(sessions.get(0).toString()))
                .findFirst()
                .orElseThrow();
        var startWitness = witness("breakglass-session-" + sessions.get(0));
        assertThat(startWitness.getData())
                .containsEntry("kind", "start")
                .containsEntry("hash", start.path("hash").asString())
                .containsEntry("ticket", Stage.TICKET)
                .containsEntry("kubeUser", "breakglass-operator@example.org")
                .containsEntry("namespace", stage.cluster().namespace());
        assertThat(startWitness.getImmutable()).isTrue();
        assertThat(witness("breakglass-seal-" + sessions.get(0)).getData())
                .containsEntry("kind", "seal")
                .containsEntry("hash", seal.path("hash").asString())
                .containsEntry("head", seal.path("seal").path("head").asString())
                .containsEntry("events", seal.path("seal").path("events").asString());

        // The operator's own credentials (the kubeconfig the console used) cannot rewrite the witness.
        try (KubernetesClient operator = operatorClient()) {
            var objects = operator.configMaps().inNamespace(stage.cluster().namespace());
            String name = "breakglass-seal-" + sessions.get(0);
            assertThat(objects.withName(name).get()).isNotNull();
            assertThatThrownBy(() -> objects.withName(name).delete())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> objects.withName(name).edit(c -> {
                        c.getData().put("head", "0".repeat(64));
                        return c;
                    }))
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> objects.withLabel(WITNESS_LABEL).delete())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
        assertThat(witnessObjects()).hasSize(4);
        assertThat(witness("breakglass-seal-" + sessions.get(0)).getData())
                .containsEntry("head", seal.path("seal").path("head").asString());

        var verified = verifyWithWitness(audit);
        assertThat(verified.exitCode()).as(verified.transcript()).isZero();
        assertThat(verified.out()).contains("2 witnessed session(s) compared", "0 finding(s)");
    }

    @Test
    void aTailCutExactlyAtASealBoundaryPassesTheChainButNotTheWitness() throws Exception {
        Path audit = Stage.auditDir(temp, "tail-cut");
        var sessions = runSessions(audit, 3, stage.policy());

        JournalForger.of(audit).cutAfterSealOf(sessions.get(1));

        assertChainStillVerifies(audit);
        var verified = verifyWithWitness(audit);
        assertThat(verified.exitCode()).as(verified.transcript()).isEqualTo(1);
        assertThat(verified.out())
                .contains("WITNESS DELETED session " + sessions.get(2))
                .contains("tail was cut")
                .doesNotContain("session " + sessions.get(0) + ":")
                .doesNotContain("session " + sessions.get(1) + ":");
    }

    @Test
    void aSessionDeletedFromTheMiddleAndTheChainRecomputedIsFound() throws Exception {
        Path audit = Stage.auditDir(temp, "deleted");
        var sessions = runSessions(audit, 3, stage.policy());

        JournalForger.of(audit).dropSession(sessions.get(1)).rechain(Optional.empty());

        assertChainStillVerifies(audit);
        var verified = verifyWithWitness(audit);
        assertThat(verified.exitCode()).as(verified.transcript()).isEqualTo(1);
        assertThat(verified.out())
                .contains("WITNESS DELETED session " + sessions.get(1))
                .contains("deleted from the journal")
                // Re-chaining moved every later session's hashes: the witness sees that too.
                .contains("WITNESS REWRITTEN session " + sessions.get(2))
                .doesNotContain("session " + sessions.get(0) + ":");
    }

    @Test
    void aStatementRewrittenAndReChainedWithoutSignaturesIsFound() throws Exception {
        Path audit = Stage.auditDir(temp, "rewritten");
        var sessions = runSessions(audit, 3, stage.policy());

        JournalForger.of(audit)
                .editStatements(sessions.get(1), "witness-probe", "harmless-one")
                .rechain(Optional.empty());

        assertChainStillVerifies(audit);
        assertThat(Journal.rawText(audit)).contains("harmless-one");
        var verified = verifyWithWitness(audit);
        assertThat(verified.exitCode()).as(verified.transcript()).isEqualTo(1);
        assertThat(verified.out())
                .contains("WITNESS REWRITTEN session " + sessions.get(1) + ": the seal differs from the witness")
                .contains("WITNESS REWRITTEN session " + sessions.get(2) + ": session.start differs")
                .doesNotContain("session " + sessions.get(0) + ":");
    }

    @Test
    void aChainReSignedWithTheOperatorsOwnKeyVerifiesWithThePublicKeyButNotAgainstTheWitness() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path privateKey =
                pem(temp.resolve("seal.key"), "PRIVATE KEY", keys.getPrivate().getEncoded());
        Path publicKey =
                pem(temp.resolve("seal.pub"), "PUBLIC KEY", keys.getPublic().getEncoded());
        Path policy = Stage.policy(temp.resolve("signed"), Stage.WITNESSED + "  signingKey: " + privateKey + "\n");
        Path audit = Stage.auditDir(temp, "re-signed");
        var sessions = runSessions(audit, 2, policy);
        assertThat(Journal.read(audit).first("journal.seal").path("seal").has("signature"))
                .isTrue();

        JournalForger.of(audit)
                .editStatements(sessions.get(0), "witness-probe", "harmless-one")
                .rechain(Optional.of(keys.getPrivate()));

        var signed = CliRun.run("audit", "verify", audit.toString(), "--public-key", publicKey.toString());
        assertThat(signed.exitCode()).as(signed.transcript()).isZero();
        var verified = CliRun.run(
                "audit",
                "verify",
                audit.toString(),
                "--public-key",
                publicKey.toString(),
                "--witness",
                "cluster",
                "--kubeconfig",
                stage.cluster().kubeconfig().toString());
        assertThat(verified.exitCode()).as(verified.transcript()).isEqualTo(1);
        assertThat(verified.out())
                .contains("WITNESS REWRITTEN session " + sessions.get(0) + ": the seal differs from the witness")
                .contains("(and re-signed)");
    }

    @Test
    void anInventedSessionAppendedAfterTheWitnessBeganIsFound() throws Exception {
        Path audit = Stage.auditDir(temp, "appended");
        var sessions = runSessions(audit, 2, stage.policy());

        var forger = JournalForger.of(audit);
        UUID invented = forger.appendCopyOf(sessions.get(1), Duration.ofMinutes(3));
        forger.rechain(Optional.empty());

        assertChainStillVerifies(audit);
        var verified = verifyWithWitness(audit);
        assertThat(verified.exitCode()).as(verified.transcript()).isEqualTo(1);
        assertThat(verified.out())
                .contains("WITNESS UNWITNESSED session " + invented)
                .contains("appended or forged")
                .doesNotContain("session " + sessions.get(0) + ":")
                .doesNotContain("session " + sessions.get(1) + ":");
    }

    @Test
    void theLinesARemoteSyslogServerReceivedAreAWitnessToo() throws Exception {
        Path audit = Stage.auditDir(temp, "remote-copy");
        try (var rsyslog = new LocalRsyslog(Files.createDirectories(temp.resolve("rsyslog")))) {
            rsyslog.start();
            Path policy = Stage.policy(temp.resolve("remote-copy-policy"), """
                    audit:
                      sinks:
                        - {type: syslog, host: 127.0.0.1, port: %d, required: true}
                    """.formatted(rsyslog.port()));
            var sessions = runSessions(audit, 3, policy);
            int lines = Journal.read(audit).records().size();
            assertThat(rsyslog.awaitLines(lines)).hasSize(lines);

            var intact = CliRun.run("audit", "verify", audit.toString(), "--witness", "lines:" + rsyslog.output());
            assertThat(intact.exitCode()).as(intact.transcript()).isZero();

            JournalForger.of(audit).cutAfterSealOf(sessions.get(0));
            assertChainStillVerifies(audit);
            var cut = CliRun.run("audit", "verify", audit.toString(), "--witness", "lines:" + rsyslog.output());
            assertThat(cut.exitCode()).as(cut.transcript()).isEqualTo(1);
            assertThat(cut.out())
                    .contains("WITNESS DELETED session " + sessions.get(1))
                    .contains("WITNESS DELETED session " + sessions.get(2));
        }
    }

    @Test
    void clusterFlagsWithoutTheClusterWitnessAreAUsageError() {
        var result = CliRun.run(
                "audit",
                "verify",
                temp.toString(),
                "--kubeconfig",
                stage.cluster().kubeconfig().toString());
        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err()).contains("--witness cluster");

        var bad = CliRun.run("audit", "verify", temp.toString(), "--witness", "syslog");
        assertThat(bad.exitCode()).as(bad.transcript()).isEqualTo(2);
    }

    private List<UUID> runSessions(Path audit, int count, Path policy) {
        for (int i = 0; i < count; i++) {
            var result = stage.cli(
                    "query",
                    audit,
                    "--policy",
                    policy.toString(),
                    "--sql",
                    "SELECT 'witness-probe-" + i + "' AS probe");
            assertThat(result.exitCode()).as(result.transcript()).isZero();
        }
        var sessions = JournalForger.of(audit).sessions();
        assertThat(sessions).hasSize(count);
        return sessions;
    }

    private CliRun.Result verifyWithWitness(Path audit) {
        return CliRun.run(
                "audit",
                "verify",
                audit.toString(),
                "--witness",
                "cluster",
                "--kubeconfig",
                stage.cluster().kubeconfig().toString());
    }

    /** The forgery is good enough to fool the chain: that is the point of the witness. */
    private static void assertChainStillVerifies(Path audit) {
        var plain = CliRun.run("audit", "verify", audit.toString());
        assertThat(plain.exitCode()).as(plain.transcript()).isZero();
    }

    private List<ConfigMap> witnessObjects() {
        return stage.cluster()
                .adminClient()
                .configMaps()
                .inNamespace(stage.cluster().namespace())
                .withLabel(WITNESS_LABEL)
                .list()
                .getItems();
    }

    private ConfigMap witness(String name) {
        return stage.cluster()
                .adminClient()
                .configMaps()
                .inNamespace(stage.cluster().namespace())
                .withName(name)
                .get();
    }

    private static KubernetesClient operatorClient() throws Exception {
        var config = Config.fromKubeconfig(Files.readString(stage.cluster().kubeconfig()));
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
