package org.kfm.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.e2e.Stage;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.TargetChoice;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * Power loss for the audit trail: a CLI session is killed with SIGKILL in the middle of a statement. The next
 * session on the same journal closes the dead one with {@code session.abandoned}, and the journal verifies.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aSessionKilledMidStatementIsRecordedAsAbandonedAtTheNextStartAndTheJournalVerifies() throws Exception {
        try (var pg = LocalPostgis.start();
                var cluster = FakeCluster.start(pg)) {
            Path audit = dir.resolve("audit");
            Path policy = Files.writeString(dir.resolve("policy.yaml"), Stage.WITNESSED);
            Process cli = new ProcessBuilder(
                            javaBinary(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "-Dbreakglass.logDir=" + dir.resolve("logs"),
                            Main.class.getName(),
                            "query",
                            "--kubeconfig",
                            cluster.kubeconfig().toString(),
                            "-d",
                            "kfm",
                            "--reason",
                            "Crash test: this session will be killed mid-statement",
                            "--ticket",
                            "INC-9",
                            "--audit-dir",
                            audit.toString(),
                            "--policy",
                            policy.toString(),
                            "--sql",
                            "SELECT pg_sleep(120)")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("cli.out").toFile())
                    .start();
            try {
                // The operator's statement, not the console's own checks after login.
                awaitJournalLine(audit, "\"sql\":\"SELECT pg_sleep(120)\"", cli);
            } finally {
                cli.destroyForcibly(); // SIGKILL: no shutdown hook, no session.end, no seal
                cli.waitFor();
            }
            assertThat(journal(audit)).doesNotContain("\"type\":\"session.end\"");

            var gateway = SessionGateway.create(
                    Optional.of(policy), Optional.of(audit), Map.of("HOME", dir.toString()), Clock.systemUTC());
            try (var next = gateway.start(
                    new TargetChoice(cluster.kubeconfig(), null, null, null, "kfm"),
                    new Justification(
                            "Crash test: the next session after the killed one",
                            "INC-10",
                            Duration.ofMinutes(5),
                            AccessMode.READ_ONLY))) {
                assertThat(next.id()).isNotBlank();
            }

            String journal = journal(audit);
            assertThat(journal).contains("\"type\":\"session.abandoned\"");
            var report = JournalVerifier.verify(List.of(audit));
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(report.sessions()).isEqualTo(2);

            // The killed session's start was witnessed; crash recovery's seal is witnessed by the next start, and
            // the witness comparison still names the session as recovered: the auditor must look at it.
            String killed = org.kfm.breakglass.e2e.Journal.read(audit)
                    .first("session.abandoned")
                    .path("session")
                    .asString();
            var witnesses = cluster.adminClient()
                    .configMaps()
                    .inNamespace(cluster.namespace())
                    .withLabel("breakglass.kfm.org/session", killed)
                    .list()
                    .getItems();
            assertThat(witnesses)
                    .extracting(c -> c.getMetadata().getName())
                    .containsExactlyInAnyOrder("breakglass-session-" + killed, "breakglass-seal-" + killed);
            var verified = CliRun.run(
                    "audit",
                    "verify",
                    audit.toString(),
                    "--witness",
                    "cluster",
                    "--kubeconfig",
                    cluster.kubeconfig().toString());
            assertThat(verified.exitCode()).as(verified.transcript()).isEqualTo(1);
            assertThat(verified.out()).contains("WITNESS RECOVERED session " + killed);
        }
    }

    private static void awaitJournalLine(Path audit, String needle, Process cli) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!cli.isAlive()) {
                throw new AssertionError("the CLI exited (" + cli.exitValue() + ") before the statement began");
            }
            if (Files.isDirectory(audit) && journal(audit).contains(needle)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + needle + " in the journal within 3 minutes");
    }

    private static String journal(Path audit) throws Exception {
        var text = new StringBuilder();
        try (var files = Files.list(audit)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
