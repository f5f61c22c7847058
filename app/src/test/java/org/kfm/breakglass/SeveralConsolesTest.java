package org.kfm.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.e2e.Stage;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.TargetChoice;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * Several consoles on one workstation, as separate processes on the default journal directory: three CLI
 * sessions of 1,000 statements each run at the same time and make one chain that verifies, with every session's
 * events present in order; and a console that opens while another one's session runs leaves that session alone,
 * closing it as abandoned only once its process is gone.
 */
class SeveralConsolesTest {

    private static final int CONSOLES = 3;
    private static final int STATEMENTS = 1000;

    @TempDir
    Path dir;

    @Test
    void threeConsolesRunningAThousandStatementsEachAtOnceMakeOneChainThatVerifies() throws Exception {
        try (var pg = LocalPostgis.start();
                var cluster = FakeCluster.start(pg)) {
            Path audit = dir.resolve("audit");
            var consoles = new ArrayList<Process>();
            for (int c = 0; c < CONSOLES; c++) {
                var script = dir.resolve("console-" + c + ".sql");
                final int console = c;
                Files.writeString(
                        script,
                        IntStream.range(0, STATEMENTS)
                                .mapToObj(i -> "SELECT " + i + " AS n, " + console + " AS console;")
                                .collect(Collectors.joining("\n")));
                consoles.add(cli(
                        cluster,
                        audit,
                        "console-" + c,
                        "query",
                        "--reason",
                        "Three consoles at once: console " + c + " of " + CONSOLES,
                        "--ticket",
                        "INC-" + (100 + c),
                        "--format",
                        "csv",
                        "--file",
                        script.toString()));
            }
            for (int c = 0; c < CONSOLES; c++) {
                var p = consoles.get(c);
                assertThat(p.waitFor(10, TimeUnit.MINUTES))
                        .as("console %d finished within 10 minutes", c)
                        .isTrue();
                assertThat(p.exitValue()).as(transcript(c)).isZero();
            }

            var verify = CliRun.run("audit", "verify", audit.toString());
            assertThat(verify.exitCode()).as(verify.transcript()).isZero();

            var events = JournalReader.read(List.of(audit), Optional.empty()).events();
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).seq()).as("seq is global and gap-free").isEqualTo(i);
            }
            var starts = events.stream()
                    .filter(e -> e.type() == EventType.SESSION_START)
                    .toList();
            assertThat(starts).hasSize(CONSOLES);
            assertThat(events)
                    .as("no session abandoned, nothing torn or damaged: a busy journal raises no false alarm")
                    .noneMatch(e -> e.type() == EventType.SESSION_ABANDONED
                            || e.type() == EventType.JOURNAL_TORN
                            || e.type() == EventType.JOURNAL_DAMAGED);
            for (var start : starts) {
                assertSessionComplete(events, start.session(), start.ticket());
            }
            assertThat(interleavings(events))
                    .as("the sessions really ran at the same time")
                    .isGreaterThan(CONSOLES);
        }
    }

    @Test
    void aSessionRunningInAnotherProcessIsNotAbandonedUntilThatProcessIsGone() throws Exception {
        try (var pg = LocalPostgis.start();
                var cluster = FakeCluster.start(pg)) {
            Path audit = dir.resolve("audit");
            Process other = cli(
                    cluster,
                    audit,
                    "sleeper",
                    "query",
                    "--reason",
                    "Another console: this session is running",
                    "--ticket",
                    "INC-20",
                    "--sql",
                    "SELECT pg_sleep(120)");
            try {
                awaitJournalLine(audit, "\"type\":\"query.begin\"", other);
                UUID running = events(audit).stream()
                        .filter(e -> e.type() == EventType.SESSION_START)
                        .findFirst()
                        .orElseThrow()
                        .session();

                // A whole second console's session while the first one runs: its recovery must leave it alone.
                var gateway = SessionGateway.create(
                        Optional.of(witnessedPolicy()),
                        Optional.of(audit),
                        Map.of("HOME", dir.toString()),
                        Clock.systemUTC());
                try (var next = gateway.start(
                        new TargetChoice(cluster.kubeconfig(), null, null, null, "kfm"),
                        new Justification(
                                "A second console while the first one runs",
                                "INC-21",
                                Duration.ofMinutes(5),
                                AccessMode.READ_ONLY))) {
                    assertThat(next.id()).isNotEqualTo(running.toString());
                }
                try (var trail = AuditTrail.open(AuditSettings.localOnly(audit))) {
                    assertThat(trail.recovery().abandonedSessions()).isEmpty();
                }
                assertThat(events(audit)).noneMatch(e -> e.type() == EventType.SESSION_ABANDONED);
                assertThat(other.isAlive()).isTrue();

                other.destroyForcibly(); // SIGKILL: its locks go with it
                other.waitFor();
                try (var trail = AuditTrail.open(AuditSettings.localOnly(audit))) {
                    assertThat(trail.recovery().abandonedSessions()).containsExactly(running);
                }
            } finally {
                other.destroyForcibly();
                other.waitFor();
            }
            var report = JournalVerifier.verify(List.of(audit));
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(report.sessions()).isEqualTo(2);
        }
    }

    /** Every statement of the session, in its order, each begin followed by its end, with ei from 0 without a gap. */
    private static void assertSessionComplete(List<AuditEvent> events, UUID session, String ticket) {
        var mine = events.stream().filter(e -> session.equals(e.session())).toList();
        for (int i = 0; i < mine.size(); i++) {
            assertThat(mine.get(i).ei()).as("ei of session %s", session).isEqualTo(i);
        }
        // The operator's statements: after the console's own checks after login (their session.preflight).
        int afterChecks = 0;
        for (int i = 0; i < mine.size(); i++) {
            if (mine.get(i).type() == EventType.SESSION_PREFLIGHT) {
                afterChecks = i + 1;
            }
        }
        var queries = mine.subList(afterChecks, mine.size()).stream()
                .filter(e -> e.type() == EventType.QUERY_BEGIN || e.type() == EventType.QUERY_END)
                .toList();
        assertThat(queries).hasSize(2 * STATEMENTS);
        int console = Integer.parseInt(ticket.substring("INC-".length())) - 100;
        for (int i = 0; i < STATEMENTS; i++) {
            var begin = queries.get(2 * i);
            var end = queries.get(2 * i + 1);
            assertThat(begin.type()).isEqualTo(EventType.QUERY_BEGIN);
            assertThat(end.type()).isEqualTo(EventType.QUERY_END);
            assertThat(begin.stmt().sql()).isEqualTo("SELECT " + i + " AS n, " + console + " AS console");
            assertThat(end.stmt().sql()).isEqualTo(begin.stmt().sql());
            assertThat(end.stmt().rows()).isEqualTo(1L);
        }
        assertThat(mine.getLast().type()).isEqualTo(EventType.JOURNAL_SEAL);
    }

    /** How often consecutive events belong to different sessions. */
    private static long interleavings(List<AuditEvent> events) {
        long n = 0;
        for (int i = 1; i < events.size(); i++) {
            var a = events.get(i - 1).session();
            var b = events.get(i).session();
            if (a != null && b != null && !a.equals(b)) {
                n++;
            }
        }
        return n;
    }

    private Process cli(FakeCluster cluster, Path audit, String name, String command, String... args) throws Exception {
        var line = new ArrayList<>(List.of(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dbreakglass.logDir=" + dir.resolve("logs-" + name),
                Main.class.getName(),
                command,
                "--kubeconfig",
                cluster.kubeconfig().toString(),
                "-d",
                "kfm",
                "--audit-dir",
                audit.toString(),
                "--policy",
                witnessedPolicy().toString()));
        line.addAll(List.of(args));
        var builder = new ProcessBuilder(line)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        // Only this test's directories: no policy or state of the machine running the tests.
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        builder.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        builder.environment().remove("BREAKGLASS_POLICY");
        return builder.start();
    }

    /** The stage's policy (the cluster witness required), so preflight passes without warnings. */
    private Path witnessedPolicy() {
        return Stage.policy(dir.resolve("policy"), Stage.WITNESSED);
    }

    private String transcript(int console) throws Exception {
        return "console " + console + " stderr:\n"
                + Files.readString(dir.resolve("console-" + console + ".err"), StandardCharsets.UTF_8);
    }

    private static List<AuditEvent> events(Path audit) throws Exception {
        return JournalReader.read(List.of(audit), Optional.empty()).events();
    }

    private static void awaitJournalLine(Path audit, String needle, Process cli) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!cli.isAlive()) {
                throw new AssertionError("the CLI exited (" + cli.exitValue() + ") before the statement began");
            }
            if (Files.isDirectory(audit) && journalText(audit).contains(needle)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + needle + " in the journal within 3 minutes");
    }

    private static String journalText(Path audit) throws Exception {
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
