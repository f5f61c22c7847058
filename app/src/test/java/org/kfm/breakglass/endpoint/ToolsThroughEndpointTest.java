package org.kfm.breakglass.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.session.AccessMode;

/** pg_dump, ogr2ogr, pgbench and psql's Ctrl-C through the endpoint, each compared with a direct run. */
class ToolsThroughEndpointTest {

    @Test
    void pgDumpOfATableEqualsADirectDumpRestoresAndIsJournaled(@TempDir Path dir) {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            String pgDump = Programs.require("pg_dump", "postgresql-client-15");
            var through = Programs.run(
                    List.of(pgDump, "-t", "places", "--no-owner"), stage.throughEnv(), null, Duration.ofMinutes(2));
            var direct = Programs.run(
                    List.of(pgDump, "-t", "places", "--no-owner"), stage.directEnv(), null, Duration.ofMinutes(2));
            assertThat(through.exit()).as(through.stderr()).isZero();
            assertThat(withoutRestrictKey(through.out()))
                    .isEqualTo(withoutRestrictKey(direct.out()))
                    .contains("COPY public.places");

            var begins = stage.journal().of(RecordingJournal.Begin.class).stream()
                    .map(b -> b.start().sql())
                    .toList();
            assertThat(begins)
                    .contains("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .contains("SELECT pg_catalog.set_config('search_path', '', false)")
                    .anySatisfy(sql -> assertThat(sql).startsWith("LOCK TABLE public.places IN ACCESS SHARE MODE"))
                    .anySatisfy(sql -> assertThat(sql).startsWith("COPY public.places"));
            assertThat(stage.journal().of(RecordingJournal.Denied.class)).isEmpty();

            stage.postgis().createDatabase("restored_" + System.nanoTime() % 100000, true);
            String scratch = lastCreatedDatabase(stage);
            var restore = stage.psql(withDatabase(stage.ownerEnv(), scratch), through.out(), "-v", "ON_ERROR_STOP=1");
            assertThat(restore.exit()).as(restore.stderr()).isZero();
            var again = Programs.run(
                    List.of(pgDump, "-t", "places", "--no-owner"),
                    withDatabase(stage.ownerEnv(), scratch),
                    null,
                    Duration.ofMinutes(2));
            assertThat(withoutRestrictKey(again.out())).isEqualTo(withoutRestrictKey(direct.out()));
        }
    }

    @Test
    void ogr2ogrGeoJsonThroughTheSocketEqualsADirectRun(@TempDir Path dir) throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            String ogr2ogr = Programs.require("ogr2ogr", "gdal-bin");
            String sql = "SELECT id, name, kind, geom FROM places WHERE id <= 40 ORDER BY id";
            Path throughFile = dir.resolve("through.json");
            Path directFile = dir.resolve("direct.json");
            var through = Programs.run(
                    List.of(
                            ogr2ogr,
                            "-f",
                            "GeoJSON",
                            throughFile.toString(),
                            "PG:host=" + stage.endpoint().socketDirectory() + " dbname=kfm",
                            "-sql",
                            sql),
                    Map.of(),
                    null,
                    Duration.ofMinutes(2));
            var env = stage.directEnv();
            var direct = Programs.run(
                    List.of(
                            ogr2ogr,
                            "-f",
                            "GeoJSON",
                            directFile.toString(),
                            "PG:host=" + env.get("PGHOST") + " port=" + env.get("PGPORT") + " dbname=kfm user="
                                    + env.get("PGUSER") + " sslmode=disable",
                            "-sql",
                            sql),
                    Map.of("PGPASSWORD", env.get("PGPASSWORD")),
                    null,
                    Duration.ofMinutes(2));
            assertThat(through.exit()).as(through.stderr()).isZero();
            assertThat(direct.exit()).as(direct.stderr()).isZero();
            assertThat(Files.readString(throughFile))
                    .isEqualTo(Files.readString(directFile))
                    .contains("\"Place 0040\"");
            assertThat(stage.journal().of(RecordingJournal.Begin.class))
                    .anySatisfy(b -> assertThat(b.start().sql()).contains("FROM places WHERE id <= 40"));
            assertThat(stage.journal().of(RecordingJournal.Denied.class)).isEmpty();
        }
    }

    @Test
    void pgbenchInEachQueryModeRunsWithoutErrorsAndEveryTransactionIsJournaled() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            String pgbench = Programs.require("pgbench", "postgresql-client-15");
            var init = Programs.run(
                    List.of(pgbench, "-i", "-s", "1", "-q", "--no-vacuum"),
                    stage.ownerEnv(),
                    null,
                    Duration.ofMinutes(3));
            assertThat(init.exit()).as(init.stderr()).isIn(0);
            for (var mode : List.of("simple", "extended", "prepared")) {
                int before = stage.journal().of(RecordingJournal.Begin.class).size();
                var args = new ArrayList<>(List.of(pgbench, "-n", "-S", "-M", mode));
                args.addAll(mode.equals("simple") ? List.of("-t", "300") : List.of("-T", "10"));
                var run = Programs.run(args, stage.throughEnv(), null, Duration.ofMinutes(2));
                assertThat(run.exit()).as(mode + ": " + run.stderr()).isZero();
                long transactions = processed(run.out());
                assertThat(transactions).as(mode).isPositive();
                assertThat(run.out()).contains("number of failed transactions: 0");
                var begins = stage.journal().of(RecordingJournal.Begin.class);
                long selects = begins.subList(before, begins.size()).stream()
                        .filter(b -> b.start().sql().startsWith("SELECT abalance FROM pgbench_accounts"))
                        .peek(b -> assertThat(b.start().protocol())
                                .isEqualTo(mode.equals("simple") ? "simple" : "extended"))
                        .count();
                assertThat(selects).as(mode).isEqualTo(transactions);
                if (!mode.equals("simple")) {
                    assertThat(begins.get(begins.size() - 1).start().parameters())
                            .hasSize(1);
                }
            }
            var finished = stage.journal()
                    .await(
                            RecordingJournal.Finished.class,
                            stage.journal().of(RecordingJournal.Begin.class).size(),
                            10_000);
            assertThat(finished)
                    .allSatisfy(f -> assertThat(f.outcome()).isInstanceOf(StatementOutcome.Completed.class));
        }
    }

    @Test
    void ctrlCInPsqlCancelsTheRunningStatement() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var psql = PsqlSession.start(stage, stage.throughEnv())) {
            assertThat(psql.query("SELECT 'ready';")).contains("ready");
            psql.send("SELECT pg_sleep(30);");
            var began = stage.journal().await(RecordingJournal.Begin.class, 2, 10_000);
            assertThat(began.get(began.size() - 1).start().sql()).isEqualTo("SELECT pg_sleep(30)");
            Thread.sleep(300);
            long start = System.nanoTime();
            var kill = Programs.run(
                    List.of("kill", "-INT", String.valueOf(psql.pid())), Map.of(), null, Duration.ofSeconds(10));
            assertThat(kill.exit()).isZero();
            var lines = psql.until(line -> line.contains("canceling statement due to user request"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(String.join("\n", lines)).contains("ERROR:  canceling statement due to user request");
            var ticket = began.get(began.size() - 1).ticket();
            stage.journal().await(RecordingJournal.Finished.class, 2, 5000);
            assertThat(stage.journal().outcomeOf(ticket))
                    .isInstanceOfSatisfying(
                            StatementOutcome.Failed.class,
                            f -> assertThat(f.sqlstate()).isEqualTo("57014"));
            // psql reading a script stops after a Ctrl-C (EXIT_USER); the statement was cancelled, not the session
            assertThat(stage.upstream().streamsOpened()).isEqualTo(2);
        }
    }

    /** pg_dump 15.14+ writes psql restrict/unrestrict meta-commands with a random key, new on each run. */
    private static String withoutRestrictKey(String dump) {
        return dump.replaceAll("(?m)^\\\\(un)?restrict \\S+$", "\\\\$1restrict <key>");
    }

    private static long processed(String out) {
        var m = java.util.regex.Pattern.compile("number of transactions actually processed: (\\d+)")
                .matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String lastCreatedDatabase(EndpointStage stage) {
        var run = stage.psql(
                stage.ownerEnv(),
                null,
                "-At",
                "-c",
                "SELECT datname FROM pg_database WHERE datname LIKE 'restored_%' ORDER BY oid DESC LIMIT 1");
        return run.out().strip();
    }

    private static Map<String, String> withDatabase(Map<String, String> env, String database) {
        var copy = new java.util.HashMap<>(env);
        copy.put("PGDATABASE", database);
        return copy;
    }
}
