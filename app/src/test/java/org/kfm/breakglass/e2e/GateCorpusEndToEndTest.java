package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.ResultReceiver;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.TargetChoice;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14's regression corpus end to end, read-only, against real PostGIS behind the fake cluster: every case
 * through the CLI ({@code --sql}, and {@code --file} for a few) and through the session API (the GUI's path), and
 * after every case the database as the owner sees it must be unchanged, no notification delivered, no advisory
 * lock held, and the victim's long statement still running. The gate holds alone here: the deploy's REVOKE
 * EXECUTE is not in this database.
 */
class GateCorpusEndToEndTest {
    private static final String SCS_OFF_DATABASE = "kfm_scs_off";
    private static final Set<String> ALSO_FROM_A_FILE = Set.of(
            "cr-bypass-as-reported",
            "unicode-escaped-name",
            "nested-comment-hides-a-statement",
            "backslash-ends-a-plain-string",
            "escaped-quote-hides-a-statement");

    private static Stage stage;
    private static DatabaseOracle oracle;
    private static Map<String, List<String>> before;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() throws Exception {
        stage = Stage.start();
        stage.pg().createDatabase(SCS_OFF_DATABASE, true);
        try (var c = java.sql.DriverManager.getConnection(
                        stage.pg().jdbcUrl(),
                        stage.pg().superuser().user(),
                        stage.pg().superuser().password());
                var st = c.createStatement()) {
            st.execute("ALTER DATABASE " + SCS_OFF_DATABASE + " SET standard_conforming_strings = off");
        }
        oracle = DatabaseOracle.start(stage.pg());
        before = oracle.snapshot();
    }

    @AfterAll
    static void stopStage() throws Exception {
        try {
            if (oracle != null) {
                oracle.close();
            }
        } finally {
            stage.close();
        }
    }

    static Stream<GateCorpus.Case> corpus() {
        return GateCorpus.load().stream();
    }

    @Test
    void theCorpusCoversEveryVerdictAndTheIssuesBypasses() {
        var cases = GateCorpus.load();

        assertThat(cases).hasSizeGreaterThan(90);
        assertThat(cases).extracting(GateCorpus.Case::verdict).contains(GateCorpus.Verdict.values());
        assertThat(cases).extracting(GateCorpus.Case::sql).anyMatch(sql -> sql.contains("\r"));
        assertThat(cases).anyMatch(GateCorpus.Case::scsOff);
    }

    @ParameterizedTest(name = "CLI --sql: {0}")
    @MethodSource("corpus")
    void throughTheCli(GateCorpus.Case c) throws Exception {
        Path audit = Stage.auditDir(temp, "cli");

        var result = cli(c, audit, "--sql", c.sql());

        assertCliOutcome(c, result, audit);
        assertNothingChanged(c);
        if (ALSO_FROM_A_FILE.contains(c.name())) {
            Path file = temp.resolve(c.name() + ".sql");
            Files.writeString(file, c.sql());
            Path fileAudit = Stage.auditDir(temp, "file");
            assertCliOutcome(c, cli(c, fileAudit, "--file", file.toString()), fileAudit);
            assertNothingChanged(c);
        }
    }

    @Test
    void throughTheSessionApiAsTheGuiRunsThem() throws Exception {
        Path kfmAudit = Stage.auditDir(temp, "session-kfm");
        Path scsOffAudit = Stage.auditDir(temp, "session-scs-off");
        var failures = new ArrayList<String>();
        try (var kfm = openSession(kfmAudit, "kfm");
                var scsOff = openSession(scsOffAudit, SCS_OFF_DATABASE)) {
            for (var c : GateCorpus.load()) {
                var session = c.scsOff() ? scsOff : kfm;
                Path audit = c.scsOff() ? scsOffAudit : kfmAudit;
                int journaled = Journal.read(audit).records().size();

                var failure = catchThrowableOfType(
                        SessionFailure.class, () -> session.run(c.sql(), RunOptions.defaults(), DISCARD));

                var added = Journal.read(audit)
                        .records()
                        .subList(journaled, Journal.read(audit).records().size());
                String problem = sessionOutcomeProblem(c, failure, added);
                if (problem != null) {
                    failures.add(c.name() + ": " + problem);
                }
                // While the session and its connection are open: nothing held, nothing sent, nothing changed.
                assertNothingChanged(c);
            }
        }
        assertThat(failures).as("cases whose outcome differs from the corpus").isEmpty();
        assertThat(JournalVerifier.verify(List.of(kfmAudit)).ok()).isTrue();
    }

    /**
     * A setting the rule allows (ADR 0023) runs inside the console's read-only transaction: the check after the
     * statement (still read-only, still the console's transaction, no transaction id) does not raise the alarm,
     * the setting is journaled as MISC, and it does not outlive its statement (the transaction is rolled back).
     */
    @Test
    void aSettingRunsInTheReadOnlyTransactionWithoutAlarmAndDoesNotOutliveIt() throws Exception {
        Path audit = Stage.auditDir(temp, "settings");
        var rows = new ArrayList<List<Object>>();
        try (var session = openSession(audit, "kfm")) {
            session.run("SET statement_timeout = '1234ms'", RunOptions.defaults(), DISCARD);
            session.run("SELECT pg_catalog.set_config('search_path', '', false)", RunOptions.defaults(), DISCARD);
            session.run("SET TRANSACTION READ ONLY", RunOptions.defaults(), DISCARD);
            session.run(
                    "SELECT pg_catalog.current_setting('statement_timeout'), pg_catalog.current_setting('search_path'),"
                            + " pg_catalog.current_setting('transaction_read_only'), pg_catalog.current_user()",
                    RunOptions.defaults(),
                    new ResultReceiver() {
                        @Override
                        public void columns(List<ColumnInfo> columns) {}

                        @Override
                        public void row(List<Object> values) {
                            rows.add(values);
                        }
                    });
        }
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).stream().map(String::valueOf).toList())
                .satisfies(r -> assertThat(r.get(0)).isNotEqualTo("1234ms"))
                .satisfies(r -> assertThat(r.get(1)).isNotEmpty())
                .satisfies(r -> assertThat(r.get(2)).isEqualTo("on"))
                .satisfies(r -> assertThat(r.get(3)).isEqualTo("kfm_reader"));
        var records = Journal.read(audit).records();
        assertThat(records)
                .filteredOn(r -> r.path("type").asString().equals("query.end"))
                .filteredOn(r -> r.path("stmt").path("sql").asString().startsWith("SET statement_timeout"))
                .singleElement()
                .satisfies(
                        r -> assertThat(r.path("stmt").path("class").asString()).isEqualTo("MISC"));
        assertThat(records)
                .extracting(r -> r.path("type").asString())
                .doesNotContain("query.denied")
                .noneMatch(type -> type.contains("alarm"));
        assertThat(oracle.snapshot()).isEqualTo(before);
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    private static CliRun.Result cli(GateCorpus.Case c, Path audit, String... source) {
        var args = new ArrayList<>(List.of(
                "query",
                "--kubeconfig",
                stage.cluster().kubeconfig().toString(),
                "-d",
                c.scsOff() ? SCS_OFF_DATABASE : "kfm",
                "--reason",
                Stage.REASON,
                "--ticket",
                Stage.TICKET,
                "--audit-dir",
                audit.toString(),
                "--policy",
                stage.policy().toString(),
                "--format",
                "csv"));
        args.addAll(List.of(source));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static void assertCliOutcome(GateCorpus.Case c, CliRun.Result result, Path audit) {
        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(c.verdict().exitCode);
        var journal = Journal.read(audit).afterLoginChecks();
        switch (c.verdict()) {
            case BAD_INPUT -> {
                assertThat(result.err()).as(result.transcript()).startsWith("refused:");
                assertThat(Files.exists(audit)).as("nothing journaled").isFalse();
            }
            case DENIED, UNSENDABLE -> {
                assertThat(journal.types())
                        .as(journal.toString())
                        .contains("query.denied")
                        .doesNotContain("query.begin");
                if (c.deniedClass() != null) {
                    assertThat(journal.first("query.denied")
                                    .path("stmt")
                                    .path("class")
                                    .asString())
                            .isEqualTo(c.deniedClass());
                }
            }
            case RUNS ->
                assertThat(journal.types()).contains("query.begin", "query.end").doesNotContain("query.denied");
            case SERVER_REFUSES ->
                assertThat(journal.types())
                        .contains("query.begin", "query.failed")
                        .doesNotContain("query.end");
        }
    }

    private static String sessionOutcomeProblem(GateCorpus.Case c, SessionFailure failure, List<JsonNode> added) {
        var types = added.stream().map(r -> r.path("type").asString()).toList();
        SessionFailure.Kind expectedKind = switch (c.verdict()) {
            case RUNS -> null;
            case SERVER_REFUSES -> SessionFailure.Kind.SQL;
            case DENIED -> SessionFailure.Kind.DENIED;
            case UNSENDABLE, BAD_INPUT -> SessionFailure.Kind.USAGE;
        };
        var kind = failure == null ? null : failure.kind();
        if (kind != expectedKind) {
            return "expected " + expectedKind + ", got " + kind
                    + (failure == null ? "" : " (" + failure.getMessage() + ")");
        }
        boolean journalOk = switch (c.verdict()) {
            case BAD_INPUT -> types.isEmpty();
            case DENIED, UNSENDABLE -> types.contains("query.denied") && !types.contains("query.begin");
            case RUNS -> types.contains("query.end") && !types.contains("query.denied");
            case SERVER_REFUSES -> types.contains("query.failed") && !types.contains("query.end");
        };
        if (!journalOk) {
            return "journaled " + types;
        }
        if (c.deniedClass() != null) {
            String cls = added.stream()
                    .filter(r -> r.path("type").asString().equals("query.denied"))
                    .findFirst()
                    .map(r -> r.path("stmt").path("class").asString())
                    .orElse("");
            if (!cls.equals(c.deniedClass())) {
                return "denied as " + cls + ", expected " + c.deniedClass();
            }
        }
        return null;
    }

    private static void assertNothingChanged(GateCorpus.Case c) throws Exception {
        assertThat(oracle.snapshot()).as("the database after %s", c.name()).isEqualTo(before);
        assertThat(oracle.advisoryLocks())
                .as("advisory locks after %s", c.name())
                .isEmpty();
        assertThat(oracle.notifications())
                .as("notifications after %s", c.name())
                .isEmpty();
        assertThat(oracle.victimRunning())
                .as("the victim survives %s", c.name())
                .isTrue();
    }

    private static BreakGlassSession openSession(Path audit, String database) throws SessionFailure {
        var gateway =
                SessionGateway.create(Optional.of(stage.policy()), Optional.of(audit), Map.of(), Clock.systemUTC());
        var session = gateway.start(
                new TargetChoice(stage.cluster().kubeconfig(), null, null, null, database),
                new Justification(Stage.REASON, Stage.TICKET, Duration.ofMinutes(30), AccessMode.READ_ONLY));
        session.preflight(result -> {});
        session.open();
        return session;
    }

    private static final ResultReceiver DISCARD = new ResultReceiver() {
        @Override
        public void columns(List<ColumnInfo> columns) {}

        @Override
        public void row(List<Object> values) {}
    };
}
