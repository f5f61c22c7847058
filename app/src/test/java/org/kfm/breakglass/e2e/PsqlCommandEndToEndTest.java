package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, round 2: {@code breakglass psql} and {@code breakglass connect} with the endpoint bound to a real
 * session — the fake cluster's port-forward, the Secret's credentials, LocalPostgis — and real psql and ogr2ogr
 * as the clients. Every statement psql sends has its journaled begin and end; a refused DELETE never reaches the
 * server; the journal verifies; expiry ends connected clients with FATAL and seals the session.
 */
class PsqlCommandEndToEndTest {
    private static final String MARKER = "bg-psql-e2e-marker";
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
    void psqlScriptRunsThroughTheSessionAndEveryStatementIsJournaled() throws Exception {
        Path audit = Stage.auditDir(temp, "psql");
        Path script = temp.resolve("script.sql");
        Files.writeString(script, """
                select name from places order by name limit 3;
                \\d places
                delete from places where name = '%s';
                select count(*) as n from places;
                """.formatted(MARKER));
        String before = stage.ownerScalar("select count(*) from places");

        var result = stage.cli(
                "psql",
                audit,
                "--socket-base",
                socketBase(),
                "--",
                "-X",
                "-v",
                "VERBOSITY=verbose",
                "-f",
                script.toString());

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out()).as(result.transcript()).contains("Table \"public.places\"", "geom");
        assertThat(result.err()).as(result.transcript()).contains("25006", "psql exited with 0");
        var journal = Journal.read(audit);
        assertThat(journal.types()).contains("endpoint.open", "client.connect", "client.disconnect", "journal.seal");
        List<JsonNode> begins = clientRecords(journal, "query.begin");
        List<JsonNode> outcomes = new java.util.ArrayList<>(clientRecords(journal, "query.end"));
        outcomes.addAll(clientRecords(journal, "query.failed"));
        assertThat(begins).as(journal.toString()).isNotEmpty();
        assertThat(outcomes)
                .as("a query.end/failed for every query.begin psql caused")
                .hasSameSizeAs(begins);
        assertThat(begins.stream().map(b -> b.path("stmt").path("sql").asString()))
                .as("psql's own catalog queries for \\d are journaled too")
                .anyMatch(sql -> sql.contains("pg_catalog.pg_class"))
                .anyMatch(sql -> sql.startsWith("select name from places"));
        assertThat(clientRecords(journal, "query.end").stream()
                        .map(e -> e.path("stmt").path("tag").asString()))
                .contains("SELECT 3");
        var denied = clientRecords(journal, "query.denied");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).path("stmt").path("sql").asString()).contains(MARKER);
        assertThat(denied.get(0).path("stmt").path("sqlstate").asString()).isEqualTo("25006");
        assertThat(stage.serverLog()).doesNotContain(MARKER);
        assertThat(stage.ownerScalar("select count(*) from places")).isEqualTo(before);
        var verify = CliRun.run("audit", "verify", audit.toString());
        assertThat(verify.exitCode()).as(verify.transcript()).isZero();
    }

    @Test
    void aMissingPsqlIsRefusedBeforeAnythingOpensAndNamesThePackage() {
        Path audit = Stage.auditDir(temp, "missing");

        var result =
                stage.cli("psql", audit, "--psql", temp.resolve("no-such-psql").toString());

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(4);
        assertThat(result.err()).contains("postgresql-client-15", "no-such-psql");
        assertThat(audit).doesNotExist();
    }

    @Test
    void connectServesRealPsqlAndOgr2ogrOnThePrintedSocketUntilTheSessionIsClosed() throws Exception {
        Path audit = Stage.auditDir(temp, "connect");
        var run = new CompletableFuture<CliRun.Result>();
        String base = socketBase();
        var thread = Thread.ofPlatform().start(() -> run.complete(stage.cli("connect", audit, "--socket-base", base)));
        Path socket = awaitSocket(audit);
        String host = socket.getParent().toString();

        var psql = runProgram(
                List.of("psql", "-X", "-A", "-t", "-h", host, "-d", "kfm", "-c", "select count(*) from places"));
        Path geojson = temp.resolve("out.geojson");
        var ogr = runProgram(List.of(
                "ogr2ogr",
                "-f",
                "GeoJSON",
                geojson.toString(),
                "PG:host=" + host + " dbname=kfm",
                "-sql",
                "select name, geom from places order by name limit 2"));
        thread.interrupt();
        var result = run.get(60, TimeUnit.SECONDS);

        assertThat(psql.exit()).as(psql.output()).isZero();
        assertThat(psql.output().strip()).isEqualTo(stage.ownerScalar("select count(*) from places"));
        assertThat(ogr.exit()).as(ogr.output()).isZero();
        assertThat(Files.readString(geojson)).contains("\"FeatureCollection\"", "\"name\"");
        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out()).contains("psql:   psql -h " + host, "PG:");
        assertThat(socket).doesNotExist();
        var journal = Journal.read(audit);
        assertThat(clientRecords(journal, "client.connect").size()
                        + journal.ofType("client.connect").size())
                .isGreaterThanOrEqualTo(2);
        assertThat(journal.types()).endsWith("session.end", "journal.seal");
        assertThat(CliRun.run("audit", "verify", audit.toString()).exitCode()).isZero();
    }

    @Test
    void aClientThatLoggedInAsTheWriterIsDroppedWhenTheElevationEnds() throws Exception {
        Path audit = Stage.auditDir(temp, "elevation-end");
        var run = new CompletableFuture<CliRun.Result>();
        String base = socketBase();
        var thread = Thread.ofPlatform()
                .start(() -> run.complete(stage.cli(
                        "connect",
                        audit,
                        "--socket-base",
                        base,
                        "--write",
                        "--write-reason",
                        "Repair the parcel geometries broken by the failed import job",
                        "--write-ticket",
                        "INC-4242",
                        "--confirm-database",
                        "kfm",
                        "--write-for",
                        "15s")));
        Path socket = awaitSocket(audit);
        String host = socket.getParent().toString();

        // Connected while elevated, so its upstream login is the writer's; it must not outlive the elevation.
        var writerClient = runProgram(List.of(
                "psql",
                "-X",
                "-A",
                "-t",
                "-h",
                host,
                "-d",
                "kfm",
                "-c",
                "select current_user",
                "-c",
                "select pg_sleep(90)"));
        // Its server backend ends with it (the owner's view), not when pg_sleep(90) would have returned.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stage.serverIsRunning("select pg_sleep(90)") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        boolean writerBackendLeft = stage.serverIsRunning("select pg_sleep(90)");
        var afterwards =
                runProgram(List.of("psql", "-X", "-A", "-t", "-h", host, "-d", "kfm", "-c", "select current_user"));
        thread.interrupt();
        var result = run.get(60, TimeUnit.SECONDS);

        assertThat(writerClient.output()).as(result.transcript()).contains("kfm_writer");
        assertThat(writerClient.output()).contains("the write elevation ended");
        assertThat(writerClient.exit()).isNotZero();
        assertThat(writerBackendLeft)
                .as("the writer's backend still runs pg_sleep(90) 10 s after the drop")
                .isFalse();
        assertThat(afterwards.exit()).as(afterwards.output()).isZero();
        assertThat(afterwards.output().strip()).isEqualTo("kfm_reader");
        var journal = Journal.read(audit);
        assertThat(journal.ofType("session.elevate"))
                .anySatisfy(r -> assertThat(r.path("detail").asString()).contains("elevation ended"));
        assertThat(journal.types()).contains("client.disconnect").endsWith("session.end", "journal.seal");
        assertThat(clientRecords(journal, "query.begin"))
                .as("the statement the drop cut off was sent")
                .anySatisfy(
                        r -> assertThat(r.path("stmt").path("sql").asString()).isEqualTo("select pg_sleep(90)"));
        assertThat(CliRun.run("audit", "verify", audit.toString()).exitCode()).isZero();
    }

    /**
     * psql's Ctrl-C through the session's endpoint: the CancelRequest goes through a fresh tunnel stream to the
     * backend, the statement fails with 57014, and the session's own journal holds its query.failed.
     */
    @Test
    void ctrlCInPsqlCancelsTheStatementAndTheSessionJournalsItsFailure() throws Exception {
        Path audit = Stage.auditDir(temp, "ctrl-c");
        var run = new CompletableFuture<CliRun.Result>();
        String base = socketBase();
        var thread = Thread.ofPlatform().start(() -> run.complete(stage.cli("connect", audit, "--socket-base", base)));
        Path socket = awaitSocket(audit);

        var psql = new ProcessBuilder(
                        "psql",
                        "-X",
                        "-v",
                        "VERBOSITY=verbose",
                        "-h",
                        socket.getParent().toString(),
                        "-d",
                        "kfm")
                .redirectErrorStream(true)
                .start();
        var output = CompletableFuture.supplyAsync(() -> {
            try (var reader =
                    new BufferedReader(new InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8))) {
                return String.join("\n", reader.lines().toList());
            } catch (java.io.IOException e) {
                return "reading psql failed: " + e;
            }
        });
        psql.getOutputStream().write("select pg_sleep(30);\n".getBytes(StandardCharsets.UTF_8));
        psql.getOutputStream().flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!stage.serverIsRunning("select pg_sleep(30)") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(stage.serverIsRunning("select pg_sleep(30)"))
                .as("the server runs psql's statement")
                .isTrue();
        long sent = System.nanoTime();
        var kill = new ProcessBuilder("kill", "-INT", String.valueOf(psql.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
        psql.getOutputStream().close();
        assertThat(psql.waitFor(20, TimeUnit.SECONDS))
                .as("psql ends after the cancel")
                .isTrue();
        long cancelledWithin = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sent);
        String psqlSaid = output.get(10, TimeUnit.SECONDS);
        thread.interrupt();
        var result = run.get(60, TimeUnit.SECONDS);

        assertThat(psqlSaid).as(result.transcript()).contains("ERROR:  57014: canceling statement due to user request");
        assertThat(cancelledWithin).isLessThan(15);
        assertThat(stage.serverIsRunning("select pg_sleep(30)")).isFalse();
        var journal = Journal.read(audit);
        assertThat(clientRecords(journal, "query.failed")).anySatisfy(r -> {
            assertThat(r.path("stmt").path("sql").asString()).isEqualTo("select pg_sleep(30)");
            assertThat(r.path("stmt").path("sqlstate").asString()).isEqualTo("57014");
        });
        assertThat(journal.types()).contains("client.disconnect").endsWith("session.end", "journal.seal");
        assertThat(CliRun.run("audit", "verify", audit.toString()).exitCode()).isZero();
    }

    @Test
    void expiryEndsAConnectedPsqlWithFatalAndSealsTheSession() throws Exception {
        Path audit = Stage.auditDir(temp, "expiry");

        var result = stage.cli(
                "psql",
                audit,
                "--duration",
                "25s",
                "--socket-base",
                socketBase(),
                "--",
                "-X",
                "-v",
                "VERBOSITY=verbose",
                "-c",
                "select pg_sleep(120)");

        assertThat(result.err())
                .as(result.transcript())
                .contains("FATAL:  57P01: terminating connection: time box of 25s reached")
                .doesNotContain("psql exited with 0");
        assertThat(result.exitCode()).as(result.transcript()).isNotZero();
        var journal = Journal.read(audit);
        assertThat(journal.types()).contains("session.expire", "client.disconnect");
        assertThat(journal.types()).endsWith("session.end", "journal.seal");
        assertThat(CliRun.run("audit", "verify", audit.toString()).exitCode()).isZero();
    }

    private String socketBase() throws Exception {
        Path base = Files.createTempDirectory("bg-sock-");
        Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return base.toString();
    }

    private static List<JsonNode> clientRecords(Journal journal, String type) {
        return journal.ofType(type).stream()
                .filter(r -> r.path("stmt").has("client"))
                .toList();
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

    private record ProgramRun(int exit, String output) {}

    private static ProgramRun runProgram(List<String> command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = String.join("\n", reader.lines().toList());
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as(command + " finished")
                .isTrue();
        return new ProgramRun(process.exitValue(), output);
    }
}
