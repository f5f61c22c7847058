package org.kfm.breakglass.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kfm.breakglass.session.AccessMode;

/**
 * What read-only mode refuses never reaches the server (its log, which records every statement it receives, does
 * not hold it), the client gets the documented SQLSTATE, the connection goes on, and the database is unchanged as
 * its owner sees it.
 */
class RefusalThroughEndpointTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DELETE FROM places WHERE id = 1",
                "SET default_transaction_read_only = off",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                "BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE",
                "SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false)",
                "SET ROLE kfm_owner",
                "SELECT 1; DELETE FROM places WHERE id = 2",
                "LOAD 'plugins/auto_explain'",
                "PREPARE sneaky AS DELETE FROM places",
            })
    void refusedStatementIsNeverSentAndTheConnectionGoesOn(String statement) {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            long logStart = stage.serverLogSize();
            String marker = "refusal-marker-" + System.nanoTime();
            var run = stage.psql(
                    stage.throughEnv(), statement + ";\nSELECT '" + marker + "' AS after;\n", "-v", "ON_ERROR_STOP=0");

            assertThat(run.stderr()).contains("refused by the break-glass endpoint");
            assertThat(run.out()).contains(marker);
            String serverSaw = stage.serverLogSince(logStart);
            assertThat(serverSaw).contains(marker);
            String distinctive = statement.contains(";") ? "DELETE FROM places WHERE id = 2" : statement;
            assertThat(serverSaw).doesNotContain(distinctive);
            assertThat(stage.journal().of(RecordingJournal.Denied.class))
                    .anySatisfy(d -> assertThat(statement).contains(d.denial().sql()));

            var owner = stage.psql(stage.ownerEnv(), null, "-At", "-c", "SELECT count(*) FROM places");
            assertThat(owner.out().strip()).isEqualTo("1001");
        }
    }

    @Test
    void writesGetReadOnlySqlstateAndRoleChangesInsufficientPrivilege() {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            var script = String.join(
                    "\n",
                    "\\set VERBOSITY verbose",
                    "UPDATE places SET name = 'x';",
                    "SET SESSION AUTHORIZATION kfm_owner;",
                    "CREATE TABLE t (i int);",
                    "");
            var run = stage.psql(stage.throughEnv(), script);
            assertThat(run.stderr())
                    .contains("ERROR:  25006: refused by the break-glass endpoint: WRITE statement refused")
                    .contains("ERROR:  42501: refused by the break-glass endpoint: SET SESSION AUTHORIZATION")
                    .contains("ERROR:  42501: refused by the break-glass endpoint: DDL statement refused");
        }
    }

    @Test
    void copyFromStdinIsRefusedBeforeTheServerStartsIt() {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            long logStart = stage.serverLogSize();
            var run = stage.psql(
                    stage.throughEnv(),
                    "\\set VERBOSITY verbose\n\\copy places (name, kind) from stdin\nsmuggled\thamlet\n\\.\n"
                            + "SELECT 'still here';\n");
            assertThat(run.stderr()).contains("25006").contains("COPY … FROM loads rows into a table");
            assertThat(run.out()).contains("still here");
            assertThat(stage.serverLogSince(logStart)).doesNotContain("COPY").doesNotContain("smuggled");
            var owner = stage.psql(
                    stage.ownerEnv(), null, "-At", "-c", "SELECT count(*) FROM places WHERE name = 'smuggled'");
            assertThat(owner.out().strip()).isEqualTo("0");
        }
    }

    @Test
    void aRefusalInsideATransactionAbortsItAsAServerErrorWould() {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            var script = String.join(
                    "\n",
                    "BEGIN;",
                    "SELECT 1;",
                    "DELETE FROM places;",
                    "SELECT 2;",
                    "ROLLBACK;",
                    "SELECT 'after' AS state;",
                    "");
            var run = stage.psql(stage.throughEnv(), script, "-At");
            assertThat(run.stderr())
                    .contains("refused by the break-glass endpoint")
                    .contains("current transaction is aborted");
            assertThat(run.out().lines().toList()).containsExactly("1", "after");
        }
    }

    @Test
    void settingsClientsUseAreAllowedAndReadOnlyStays() {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            var script = String.join(
                    "\n",
                    "SET statement_timeout = 0;",
                    "SET client_encoding = 'UTF8';",
                    "SELECT pg_catalog.set_config('search_path', '', false);",
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;",
                    "SET default_transaction_read_only = on;",
                    "RESET statement_timeout;",
                    "DISCARD PLANS;",
                    "SHOW default_transaction_read_only;",
                    "BEGIN; LOCK TABLE public.places IN ACCESS SHARE MODE; COMMIT;",
                    "");
            var run = stage.psql(stage.throughEnv(), script, "-At", "-v", "ON_ERROR_STOP=1");
            assertThat(run.exit()).as(run.stderr()).isZero();
            assertThat(run.out().lines().toList()).containsExactly("", "on");
            assertThat(stage.journal().of(RecordingJournal.Denied.class)).isEmpty();
        }
    }

    /**
     * The settings rule's attack spellings (ADR 0023), in one psql session: each is refused, none reaches the
     * server, and afterwards the connection is still read-only and still the session's role, as the server says.
     */
    @Test
    void settingsThatWouldLiftReadOnlyOrChangeTheRoleAreRefusedInEverySpelling() {
        var attacks = List.of(
                "SET SESSION SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                "SET LOCAL SESSION CHARACTERISTICS AS TRANSACTION READ /* x */ WRITE",
                "SET U&\"default_transaction_rea\\0064_only\" = off",
                "SET default_transaction_read_only /* = on */ = off",
                "SET default_transaction_read_only TO DEFAULT",
                "RESET ALL",
                "RESET default_transaction_read_only",
                "DISCARD ALL",
                "SELECT 1 AS a, pg_catalog.set_config('transaction_read_only', 'off', false) AS b",
                "SELECT * FROM (SELECT set_config('role', 'kfm_owner', false)) s",
                "SELECT set_config('ro' || 'le', 'kfm_owner', false)",
                "SET SESSION SESSION AUTHORIZATION kfm_owner",
                "SET \"Role\" TO kfm_owner",
                "RESET ROLE",
                "SET session_preload_libraries = 'auto_explain'",
                "ALTER ROLE kfm_reader SET default_transaction_read_only = off");
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            long logStart = stage.serverLogSize();
            var script = new StringBuilder();
            attacks.forEach(a -> script.append(a).append(";\n"));
            script.append("BEGIN;\nSHOW transaction_read_only;\nCOMMIT;\n");
            script.append("SELECT pg_catalog.current_setting('default_transaction_read_only'), current_user;\n");

            var run = stage.psql(stage.throughEnv(), script.toString(), "-At", "-v", "ON_ERROR_STOP=0");

            assertThat(run.stderr().lines().filter(l -> l.contains("refused by the break-glass endpoint")))
                    .as(run.stderr())
                    .hasSize(attacks.size());
            assertThat(run.out().lines().toList()).containsExactly("on", "on|kfm_reader");
            String serverSaw = stage.serverLogSince(logStart);
            assertThat(serverSaw).contains("current_setting('default_transaction_read_only')");
            for (String attack : attacks) {
                assertThat(serverSaw).as("the server never saw: " + attack).doesNotContain(attack);
            }
            assertThat(stage.journal().of(RecordingJournal.Denied.class)).hasSize(attacks.size());
            var owner = stage.psql(
                    stage.ownerEnv(),
                    null,
                    "-At",
                    "-c",
                    "SELECT count(*) FROM pg_db_role_setting WHERE setrole = 'kfm_reader'::regrole");
            assertThat(owner.out().strip()).isEqualTo("0");
        }
    }

    @Test
    void aSinkThatCannotAckBlocksTheNextStatementAndNothingIsSent() {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            var env = new java.util.HashMap<>(stage.throughEnv());
            String marker = "sink-marker-" + System.nanoTime();
            // psql reads the script as it runs: the sink goes down between the two statements
            var process = PsqlSession.start(stage, env);
            assertThat(process.query("SELECT 'first' AS a;")).contains("first");
            stage.journal().failWith("syslog");
            long logStart = stage.serverLogSize();
            String answer = process.query("SELECT '" + marker + "';");
            assertThat(answer)
                    .contains("the audit sink 'syslog' cannot record it")
                    .contains("nothing was sent");
            assertThat(stage.serverLogSince(logStart)).doesNotContain(marker);
            stage.journal().failWith(null);
            assertThat(process.query("SELECT 'third' AS c;")).contains("third");
            process.close();
            assertThat(stage.journal().of(RecordingJournal.Begin.class))
                    .extracting(b -> b.start().sql())
                    .containsSubsequence(List.of("SELECT 'first' AS a", "SELECT 'third' AS c"))
                    .noneMatch(sql -> sql.contains(marker));
        }
    }

    @Test
    void closingTheEndpointEndsPsqlWithFatal57P01AndTheReason() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            var process = PsqlSession.start(stage, stage.throughEnv());
            assertThat(process.query("SELECT 'before' AS b;")).contains("before");
            stage.endpoint().close("the session expired");
            String rest = process.finish();
            assertThat(rest).contains("FATAL:  terminating connection: the session expired");
            assertThat(stage.endpoint().clients()).isEmpty();
            assertThat(stage.endpoint().socketDirectory()).doesNotExist();
            assertThat(stage.journal().await(RecordingJournal.Disconnected.class, 1, 5000))
                    .singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("the session expired"));
        }
    }
}
