package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.LocalRsyslog;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13's last test: a required syslog sink (a real rsyslogd) that goes down while real psql is connected to
 * the session's endpoint ({@code breakglass connect}, in process). The statement before the outage runs, is
 * journaled and reaches rsyslog; the next one, on the same connection, gets an ErrorResponse that names the sink
 * and says what to do, and its bytes never reach the server (its statement log and pgaudit lines are the oracle).
 * Once rsyslog is back the same connection runs statements again and rsyslog catches up.
 */
class SinkDownEndToEndTest {
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

    @Test
    void whenTheRequiredSyslogSinkGoesDownPsqlsNextStatementIsRefusedAndNeverReachesTheServer() throws Exception {
        String before = "sinkup-" + UUID.randomUUID();
        String marker = "sinkdown-" + UUID.randomUUID();
        String after = "sinkback-" + UUID.randomUUID();
        try (var rsyslog = new LocalRsyslog(Files.createDirectories(temp.resolve("rsyslog")))) {
            rsyslog.start();
            String sink = "syslog tcp://127.0.0.1:" + rsyslog.port();
            Path policy = Stage.policy(temp.resolve("policy"), Stage.WITNESSED + """
                      sinks:
                        - {type: syslog, host: 127.0.0.1, port: %d, required: true}
                    """.formatted(rsyslog.port()));
            Path audit = Stage.auditDir(temp, "sinkdown");
            var run = new CompletableFuture<CliRun.Result>();
            String base = socketBase();
            var connect = Thread.ofPlatform()
                    .start(() -> run.complete(
                            stage.cli("connect", audit, "--policy", policy.toString(), "--socket-base", base)));
            Path socket = awaitSocket(audit);

            var psql = new ProcessBuilder(
                            "psql",
                            "-X",
                            "-A",
                            "-t",
                            "-v",
                            "VERBOSITY=verbose",
                            "-h",
                            socket.getParent().toString(),
                            "-d",
                            "kfm")
                    .redirectErrorStream(true)
                    .start();
            var output = CompletableFuture.supplyAsync(() -> readAll(psql));
            OutputStream stdin = psql.getOutputStream();

            send(stdin, "select '" + before + "';");
            Stage.await("the first statement's query.end", () -> hasEnd(audit, before));
            Stage.await(
                    "rsyslog received the first statement's query.end", () -> received(rsyslog, before, "query.end"));

            rsyslog.stop();
            send(stdin, "select '" + marker + "';");
            Stage.await("the refused statement's query.denied", () -> mentions(audit, marker, "query.denied"));

            rsyslog.start();
            send(stdin, "select '" + after + "';");
            stdin.close();
            assertThat(psql.waitFor(60, TimeUnit.SECONDS)).as("psql ends").isTrue();
            String psqlSaid = output.get(10, TimeUnit.SECONDS);
            connect.interrupt();
            var result = run.get(60, TimeUnit.SECONDS);

            assertThat(psqlSaid).as(result.transcript()).contains(before);
            assertThat(psqlSaid)
                    .as("the ErrorResponse names the sink and says what to do")
                    .contains("ERROR:  58000: refused by the break-glass endpoint: the audit sink '" + sink + "'")
                    .contains("nothing was sent")
                    .contains(
                            "HINT:  a statement runs only once its audit record is durable: retry when the sink is back");
            assertThat(psqlSaid)
                    .as("the same connection works again once rsyslog is back")
                    .contains(after);
            assertThat(result.exitCode()).as(result.transcript()).isZero();

            String serverLog = stage.serverLog();
            assertThat(serverLog)
                    .as("the server ran the statements around the outage")
                    .contains(before, after);
            assertThat(serverLog)
                    .as("no byte of the refused statement reached the server (statement log, pgaudit)")
                    .doesNotContain(marker);

            var journal = Journal.read(audit);
            // Its query.begin reached the local journal before the sink failed; the record must say it was not sent.
            var denied = statements(journal, "query.denied", marker);
            assertThat(denied).as(journal.toString()).hasSize(1);
            assertThat(denied.get(0).path("detail").asString()).contains("not sent", sink);
            assertThat(statements(journal, "query.begin", marker))
                    .allSatisfy(b -> assertThat(b.path("seq").asLong())
                            .isLessThan(denied.get(0).path("seq").asLong()));
            assertThat(statements(journal, "query.end", marker)).isEmpty();
            assertThat(statements(journal, "query.failed", marker)).isEmpty();
            assertThat(statements(journal, "query.begin", before)).hasSize(1);
            assertThat(statements(journal, "query.end", after)).hasSize(1);
            assertThat(journal.types()).endsWith("session.end", "journal.seal");
            var verify = CliRun.run("audit", "verify", audit.toString());
            assertThat(verify.exitCode()).as(verify.transcript()).isZero();

            // rsyslog caught up: every line of the local journal reached it, the outage's records from the spool.
            List<String> local = journalLines(audit);
            List<String> remote = rsyslog.awaitLines(local.size());
            for (String line : local) {
                assertThat(remote)
                        .as("rsyslog caught up with every journal line")
                        .anySatisfy(r -> assertThat(r).contains(line));
            }
        }
    }

    private static void send(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private static String readAll(Process process) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            return String.join("\n", reader.lines().toList());
        } catch (IOException e) {
            return "reading psql failed: " + e;
        }
    }

    private static List<JsonNode> statements(Journal journal, String type, String text) {
        return journal.ofType(type).stream()
                .filter(r -> r.path("stmt").has("client"))
                .filter(r -> r.path("stmt").path("sql").asString().contains(text))
                .toList();
    }

    private static boolean hasEnd(Path audit, String text) {
        return !statements(Journal.read(audit), "query.end", text).isEmpty();
    }

    private static boolean mentions(Path audit, String text, String type) {
        try {
            return journalLines(audit).stream()
                    .anyMatch(l -> l.contains(text) && l.contains("\"type\":\"" + type + "\""));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean received(LocalRsyslog rsyslog, String text, String type) {
        try {
            return Files.exists(rsyslog.output())
                    && Files.readAllLines(rsyslog.output()).stream()
                            .anyMatch(l -> l.contains(text) && l.contains("\"type\":\"" + type + "\""));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> journalLines(Path audit) throws IOException {
        try (var files = Files.list(audit)) {
            var lines = new java.util.ArrayList<String>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines;
        }
    }

    private static String socketBase() throws IOException {
        Path base = Files.createTempDirectory("bg-sock-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
        return base.toString();
    }

    /** The socket path of the session's endpoint.open, once it is journaled and listening. */
    private static Path awaitSocket(Path audit) {
        var found = new Path[1];
        Stage.await("endpoint.open", () -> {
            if (!Files.isDirectory(audit)) {
                return false;
            }
            var open = Journal.read(audit).ofType("endpoint.open");
            if (open.isEmpty()) {
                return false;
            }
            String detail = open.get(0).path("detail").asString();
            found[0] =
                    Path.of(detail.substring("PostgreSQL endpoint on ".length()).split(";")[0]);
            return Files.exists(found[0]);
        });
        return found[0];
    }
}
