package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.endpoint.Programs;
import org.kfm.breakglass.session.EndReconciliation;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code reconcile.atSessionEnd: true} (issue 12): the engine reconciles every session right after its seal,
 * journals {@code session.reconciled}, tells the listeners (the CLI prints one line on stderr), and a FAIL makes
 * the CLI exit 1 — against LocalPostgis's real pgaudit log read through the fake cluster's pod log.
 */
class ReconcileAtSessionEndEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
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

    @AfterEach
    void resetCluster() {
        stage.cluster().faults().resetRbac();
    }

    private Path atEndPolicy() {
        return Stage.policy(temp.resolve("policy"), Stage.WITNESSED + "reconcile:\n  atSessionEnd: true\n");
    }

    @Test
    void aCleanCliSessionIsReconciledAfterItsSealAndSaysSoOnStderr() {
        Path audit = Stage.auditDir(temp, "clean");

        var result = stage.cli(
                "query", audit, "--policy", atEndPolicy().toString(), "--sql", "SELECT name FROM places WHERE id = 3");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        var journal = Journal.read(audit);
        assertThat(journal.types()).containsSubsequence("session.end", "journal.seal", "session.reconciled");
        assertThat(journal.ofType("session.reconciled")).hasSize(1);
        var reconciled = journal.first("session.reconciled");
        String id = journal.first("session.start").path("session").asString();
        assertThat(reconciled.path("reconciliation").path("verdict").asString()).isEqualTo("clean");
        assertThat(reconciled.path("reconciliation").path("session").asString()).isEqualTo(id);
        assertThat(result.err())
                .as(result.transcript())
                .contains("reconciled at session end: CLEAN — ")
                .contains("journaled as session.reconciled, seq "
                        + reconciled.path("seq").asLong())
                .contains("(report: breakglass audit reconcile " + audit + " --session " + id + ")");
    }

    @Test
    void aStatementWithTheReadersPasswordOutsideTheConsoleFailsTheEndAndTheCliExitsOne() throws Exception {
        Path audit = Stage.auditDir(temp, "outside");
        // Not "SELECT pg_sleep(4)": a void result column makes pgjdbc look the type up by name, a statement the
        // reconciliation does not know as the console's own (reported separately); an int column needs no lookup.
        var run = CompletableFuture.supplyAsync(() ->
                stage.cli("query", audit, "--policy", atEndPolicy().toString(), "--sql", "SELECT 1 FROM pg_sleep(4)"));
        Stage.await(
                "the session's pg_sleep to be journaled",
                () -> Journal.rawText(audit).contains("SELECT 1 FROM pg_sleep(4)"));
        String id = Journal.read(audit).first("session.start").path("session").asString();
        psqlAsReader("breakglass/" + id.substring(0, 8), "SELECT name, kind FROM places WHERE id = 97");

        var result = run.get(120, TimeUnit.SECONDS);

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(1);
        var reconciled = Journal.read(audit).first("session.reconciled");
        assertThat(result.err())
                .as(reconciled.toString())
                .contains("reconciled at session end: FAIL — ")
                .contains("1 NOT journaled");
        assertThat(reconciled.path("reconciliation").path("verdict").asString()).isEqualTo("fail");
        assertThat(reconciled.path("checks").toString()).contains("places WHERE id = 97");
    }

    @Test
    void withoutPodsLogPermissionTheEndIsNotReconciledJournaledAndToldToTheListeners() throws Exception {
        Path audit = Stage.auditDir(temp, "nolog");
        var told = new CopyOnWriteArrayList<EndReconciliation>();
        var session = stage.openSession(audit, Optional.of(atEndPolicy()), Clock.systemUTC(), Duration.ofMinutes(30));
        session.addListener(new SessionListener() {
            @Override
            public void reconciled(EndReconciliation result) {
                told.add(result);
            }
        });
        session.run("SELECT name FROM places WHERE id = 4", RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));
        stage.cluster().faults().denyRbac("get:pods/log");

        session.close();

        assertThat(told).hasSize(1);
        var result = told.getFirst();
        assertThat(session.endReconciliation()).contains(result);
        assertThat(result.verdict()).isEqualTo("not-reconciled");
        assertThat(result.foundProblem()).isFalse();
        assertThat(result.line())
                .startsWith("reconciled at session end: NOT-RECONCILED — not reconciled: the server log cannot be read")
                .contains("403");
        var reconciled = Journal.read(audit).first("session.reconciled");
        assertThat(reconciled.path("reconciliation").path("verdict").asString()).isEqualTo("not-reconciled");
        assertThat(result.journaledSeq()).isEqualTo(reconciled.path("seq").asLong());
    }

    /** At expiry the ticker's thread ends the session, and stopping the ticker has just interrupted it. */
    @Test
    void aSessionEndedOnAnInterruptedThreadIsStillReconciledAndTheInterruptIsKept() throws Exception {
        Path audit = Stage.auditDir(temp, "interrupted");
        var session = stage.openSession(audit, Optional.of(atEndPolicy()), Clock.systemUTC(), Duration.ofMinutes(30));
        session.run("SELECT name FROM places WHERE id = 1", RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));
        boolean[] stillInterrupted = new boolean[1];

        var ending = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            session.close();
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        ending.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(ending.isAlive()).isFalse();
        assertThat(session.endReconciliation())
                .hasValueSatisfying(r -> assertThat(r.verdict()).as(r.line()).isEqualTo("clean"));
        assertThat(stillInterrupted[0]).isTrue();
    }

    @Test
    void withTheDefaultPolicyNothingIsReconciledAtTheEnd() throws Exception {
        Path audit = Stage.auditDir(temp, "off");
        var session = stage.openSession(audit);
        session.run("SELECT name FROM places WHERE id = 2", RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));

        session.close();

        assertThat(session.endReconciliation()).isEmpty();
        assertThat(Journal.read(audit).types()).contains("journal.seal").doesNotContain("session.reconciled");
    }

    @Test
    void theWebhookGetsTheSessionSummaryOnceAfterTheSealAndTheReconciliation() throws Exception {
        Path audit = Stage.auditDir(temp, "summary");
        var arrivals = new CopyOnWriteArrayList<String>();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            arrivals.add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            Path policy = Stage.policy(temp.resolve("summary-policy"), """
                    audit:
                      witness: {kind: cluster, requirement: required}
                      sinks:
                        - type: webhook
                          url: %s
                          summary:
                            template: '{"text": "Break-glass {{sessionId}} ({{ticket}}) by {{operator}}: {{verdict}}, {{statements}} statement(s). {{evidenceHint}}", "session": "{{sessionId}}", "ended": "{{ended}}"}'
                    reconcile:
                      atSessionEnd: true
                    """.formatted(url));

            var result = stage.cli(
                    "query", audit, "--policy", policy.toString(), "--sql", "SELECT name FROM places WHERE id = 5");
            assertThat(result.exitCode()).as(result.transcript()).isZero();
            Thread.sleep(1500); // a second post, if there were one, would come from the ending thread right away
            var summaries =
                    arrivals.stream().filter(b -> !b.startsWith("{\"events\":")).toList();
            assertThat(summaries).as(result.transcript()).hasSize(1);
            var journal = Journal.read(audit);
            String id = journal.first("session.start").path("session").asString();
            long statements = journal.ofType("query.begin").size();
            var summary = JSON.readTree(summaries.getFirst());
            assertThat(summary.path("session").asString()).isEqualTo(id);
            assertThat(summary.path("text").asString())
                    .isEqualTo("Break-glass " + id + " (" + Stage.TICKET + ") by breakglass-operator@example.org:"
                            + " clean, " + statements + " statement(s). breakglass evidence " + audit + " --session "
                            + id + " --out " + id + ".zip");
            assertThat(summary.path("ended").asString()).isEqualTo("closed by the operator");
            // The summary holds no statement text; the reader's password is never in anything posted.
            assertThat(summaries.getFirst()).doesNotContain("places");
            String password = stage.pg().reader().password();
            assertThat(arrivals).noneMatch(b -> b.contains(password));
            // Posted after the seal and after the reconciliation: the event webhook had both before it.
            int summaryAt = arrivals.indexOf(summaries.getFirst());
            assertThat(String.join("", arrivals.subList(0, summaryAt)))
                    .contains("\"journal.seal\"")
                    .contains("\"session.reconciled\"");
        } finally {
            server.stop(0);
        }
    }

    /** psql as the reader, outside the console, claiming the session's application_name. */
    private static void psqlAsReader(String applicationName, String sql) {
        var pg = stage.pg();
        var command = List.of(
                Programs.require("psql", "postgresql-client-15"),
                "-X",
                "-q",
                "-At",
                "-h",
                pg.host(),
                "-p",
                Integer.toString(pg.port()),
                "-U",
                pg.reader().user(),
                "-d",
                pg.database(),
                "-c",
                sql);
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", pg.reader().password());
            builder.environment().put("PGAPPNAME", applicationName);
            var process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
