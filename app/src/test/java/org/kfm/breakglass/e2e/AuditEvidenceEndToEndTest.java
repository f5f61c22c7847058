package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.kube.ListeningSockets;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.text.HiddenCharacters;
import tools.jackson.databind.JsonNode;

/**
 * Issues 7 and 8 end to end: what a whole session leaves behind — output, journal, diagnostic log — holds no
 * password or token, the console listens on no non-loopback socket, and the journal verifies in the expected
 * order.
 */
class AuditEvidenceEndToEndTest {
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
    void noPasswordOrTokenAppearsInOutputJournalOrDiagnosticLog() throws Exception {
        Path audit = Stage.auditDir(temp, "secrets");
        var runs = new ArrayList<CliRun.Result>();
        runs.add(stage.cli("smoke", audit));
        runs.add(stage.cli("query", audit, "--format", "csv", "--sql", "SELECT current_user, count(*) FROM places"));
        runs.add(stage.cli(
                "query",
                audit,
                "--write",
                "--write-reason",
                "Checking the writer login works again",
                "--write-ticket",
                "CHG-2",
                "--confirm-database",
                "kfm",
                "--sql",
                "UPDATE places SET kind = kind WHERE id = 1"));
        runs.add(stage.cli("query", audit, "--sql", "SELECT * FROM no_such_table"));
        assertThat(runs).extracting(CliRun.Result::exitCode).containsExactly(0, 0, 0, 5);

        var secrets = List.of(
                stage.pg().reader().password(),
                stage.pg().writer().password(),
                stage.pg().owner().password(),
                stage.pg().superuser().password(),
                stage.cluster().token());
        String journal = Journal.rawText(audit);
        String log = Files.readString(diagnosticLog());
        assertThat(journal).contains("kfm_reader", "kfm_writer");
        assertThat(log).as("the diagnostic log of this JVM").contains("break-glass session");
        for (String secret : secrets) {
            assertThat(secret).hasSizeGreaterThan(8);
            for (CliRun.Result run : runs) {
                assertThat(run.out()).doesNotContain(secret);
                assertThat(run.err()).doesNotContain(secret);
            }
            assertThat(journal).doesNotContain(secret);
            assertThat(log).doesNotContain(secret);
        }
    }

    @Test
    void anOpenSessionListensOnNoNonLoopbackSocket() throws Exception {
        try (var session = stage.openSession(Stage.auditDir(temp, "listen"))) {
            assertThat(QueryEndToEndTest.firstValue(session, "SELECT 1")).isEqualTo(1);

            assertThat(ListeningSockets.nonLoopbackListenersOfThisProcess()).isEmpty();
        }
    }

    @Test
    void theJournalOfAWholeSessionVerifiesWithTheExpectedSequence() throws Exception {
        Path audit = Stage.auditDir(temp, "sequence");

        var result = stage.cli("query", audit, "--sql", "SELECT 1; SELECT name FROM places WHERE id = 1");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        var journal = Journal.read(audit);
        assertThat(journal.types())
                .as(journal.toString())
                .containsExactly(
                        "session.start",
                        "session.preflight",
                        "tunnel.open",
                        // after login: the PostGIS check, then the privilege check's five rules
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "session.preflight",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "tunnel.close",
                        "session.end",
                        "journal.seal");
        assertThat(journal.sentSql())
                .as("the console's own checks after login go the audited way too")
                .hasSize(8)
                .startsWith("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
                .endsWith("SELECT 1", "SELECT name FROM places WHERE id = 1");
        assertThat(journal.after("tunnel.open").get(12).path("checks"))
                .extracting(
                        c -> c.path("name").asString() + "=" + c.path("verdict").asString())
                .containsExactly("database=PASS", "privileges=PASS", "server role=PASS");
        List<JsonNode> records = journal.records();
        assertThat(records)
                .extracting(r -> r.path("ei").asInt())
                .containsExactlyElementsOf(
                        IntStream.range(0, records.size()).boxed().toList());
        assertThat(records)
                .extracting(r -> r.path("session").asString())
                .containsOnly(records.getFirst().path("session").asString());
        JsonNode start = journal.first("session.start");
        assertThat(start.path("justification").path("reason").asString()).isEqualTo(Stage.REASON);
        assertThat(start.path("justification").path("ticket").asString()).isEqualTo(Stage.TICKET);
        assertThat(journal.first("tunnel.open").path("target").path("podUid").asString())
                .isEqualTo(stage.cluster().podUid());
        assertThat(journal.ofType("query.end"))
                .extracting(r -> r.path("stmt").path("rows").asLong())
                .as("PostGIS version; the role's superuser flag and attributes (one row each); no owned database, no"
                        + " writable table, no executable side-effect function; then the two statements")
                .containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 1L, 1L);
        assertThat(journal.first("journal.seal").path("seal").path("events").asLong())
                .isEqualTo(records.size() - 1);
        var report = JournalVerifier.verify(List.of(audit));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.events()).isEqualTo(records.size());
    }

    @Test
    void aSessionDrivenThroughTheApiJournalsTheSameWay() throws Exception {
        Path audit = Stage.auditDir(temp, "api");
        try (var session = stage.openSession(audit)) {
            session.run("SELECT 1", RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));
        }
        var report = JournalVerifier.verify(List.of(audit));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(Journal.read(audit).types())
                .containsExactly(
                        "session.start",
                        "session.preflight",
                        "tunnel.open",
                        // after login: the PostGIS check, then the privilege check's five rules
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "query.begin",
                        "query.end",
                        "session.preflight",
                        "query.begin",
                        "query.end",
                        "tunnel.close",
                        "session.end",
                        "journal.seal");
    }

    @Test
    void auditShowEscapesControlAndBidiCharactersAndSaysWhatItCutOff() throws Exception {
        Path audit = Stage.auditDir(temp, "show");
        // Legal SQL whose text would clear the auditor's screen, set the terminal title, ring the bell, reverse
        // the rest of the line and hide a second line behind a carriage return if printed raw.
        String hostile = "SELECT '\u001b[2J\u001b]0;owned\u0007' AS a, '\u202e' AS b, '\u009b31m' AS c,"
                + " 'innocent\rhidden' AS d, '" + "x".repeat(120) + "' AS tail_the_table_cannot_show";
        var run = stage.cli("query", audit, "--sql", hostile);
        assertThat(run.exitCode()).as(run.transcript()).isZero();

        var table = CliRun.run("audit", "show", audit.toString(), "--format", "table");
        var json = CliRun.run("audit", "show", audit.toString(), "--format", "json");

        assertThat(table.exitCode()).as(table.transcript()).isZero();
        assertThat(json.exitCode()).as(json.transcript()).isZero();
        for (var shown : List.of(table.out(), json.out())) {
            assertThat(shown.codePoints().filter(HiddenCharacters::isHidden).count())
                    .as("hidden characters printed raw in:%n%s", shown)
                    .isZero();
            // Jackson writes its own escapes in upper case (\u001B), TerminalText in lower case.
            assertThat(shown.toLowerCase(java.util.Locale.ROOT)).contains("\\u001b[2j", "\\u202e");
        }
        assertThat(json.out().toLowerCase(java.util.Locale.ROOT))
                .contains("\\u0007", "\\u009b31m", "innocent\\rhidden");
        assertThat(table.out())
                .contains("READ: SELECT '\\u001b[2J")
                .containsPattern("… \\[\\+\\d+ more characters not shown; audit show --format json prints all]")
                .doesNotContain("x".repeat(120));
        // The JSON escapes decode to exactly what was journaled, so nothing is lost for machines.
        var begin = json.out()
                .lines()
                .map(line ->
                        tools.jackson.databind.json.JsonMapper.builder().build().readTree(line))
                .filter(r -> r.path("type").asString().equals("query.begin"))
                .filter(r -> r.path("stmt").path("sql").asString().startsWith("SELECT '"))
                .findFirst()
                .orElseThrow();
        assertThat(begin.path("stmt").path("sql").asString()).isEqualTo(hostile);
        assertThat(Journal.read(audit).ofType("query.begin"))
                .extracting(r -> r.path("stmt").path("sql").asString())
                .contains(hostile);
    }

    private static Path diagnosticLog() {
        Path log = Path.of(System.getProperty("breakglass.testLogDir", "target/test-logs"), "breakglass.log");
        assertThat(log).as("logback-test.xml writes the diagnostic log here").exists();
        return log;
    }
}
