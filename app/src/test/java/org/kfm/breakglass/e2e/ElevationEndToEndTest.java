package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.JournalVerifier;
import tools.jackson.databind.JsonNode;

/** Issue 5 end to end: write elevation through the CLI — second justification, confirmation, commit or not. */
class ElevationEndToEndTest {
    private static final String WRITE_REASON = "Correcting the misplaced E2E place record";
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
    void aCommittedWriteIsVisibleAndJournaledAsTheWriter() throws Exception {
        String name = "E2E-" + UUID.randomUUID();
        Path audit = Stage.auditDir(temp, "commit");

        var result = write(audit, "kfm", insert(name), "--commit");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.err()).contains("committed");
        assertThat(stage.ownerScalar("SELECT count(*) FROM places WHERE name = '" + name + "'"))
                .isEqualTo("1");
        var journal = Journal.read(audit);
        JsonNode elevate = journal.first("session.elevate");
        assertThat(elevate.path("justification").path("reason").asString()).isEqualTo(WRITE_REASON);
        assertThat(elevate.path("justification").path("ticket").asString()).isEqualTo("CHG-1");
        assertThat(elevate.path("justification").path("mode").asString()).isEqualTo("write");
        List<JsonNode> later = journal.after("session.elevate");
        assertThat(later)
                .extracting(r -> r.path("type").asString())
                .containsSubsequence("query.begin", "query.end", "query.begin", "query.end", "session.end");
        assertThat(later).allSatisfy(r -> {
            assertThat(r.path("mode").asString()).as(r.toString()).isEqualTo("write");
            assertThat(r.path("target").path("dbUser").asString())
                    .as(r.toString())
                    .isEqualTo("kfm_writer");
        });
        assertThat(later)
                .anySatisfy(
                        r -> assertThat(r.path("stmt").path("sql").asString()).isEqualTo("COMMIT"));
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aWriteWithoutCommitIsRolledBack() {
        String name = "E2E-" + UUID.randomUUID();

        var result = write(Stage.auditDir(temp, "rollback"), "kfm", insert(name));

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.err()).contains("rolled back");
        assertThat(stage.ownerScalar("SELECT count(*) FROM places WHERE name = '" + name + "'"))
                .isEqualTo("0");
    }

    @Test
    void aFailingWriteIsReportedJournaledAndNeverCommitted() throws Exception {
        String name = "E2E-" + UUID.randomUUID();
        Path audit = Stage.auditDir(temp, "failing-write");

        // places.kind is NOT NULL: the server refuses the row.
        var result = write(
                audit,
                "kfm",
                "INSERT INTO places(name, geom) VALUES ('" + name + "', " + "ST_SetSRID(ST_MakePoint(1,2),4326))",
                "--commit");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(5);
        assertThat(result.err()).contains("23502").doesNotContain("committed");
        var journal = Journal.read(audit);
        assertThat(journal.first("query.failed").path("stmt").path("sqlstate").asString())
                .isEqualTo("23502");
        assertThat(journal.records())
                .noneSatisfy(
                        r -> assertThat(r.path("stmt").path("sql").asString()).isEqualTo("COMMIT"));
        assertThat(stage.ownerScalar("SELECT count(*) FROM places WHERE name = '" + name + "'"))
                .isEqualTo("0");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aWrongDatabaseConfirmationRefusesTheElevation() {
        String name = "E2E-" + UUID.randomUUID();
        Path audit = Stage.auditDir(temp, "confirm");

        var result = write(audit, "kfm-prod", insert(name), "--commit");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err()).contains("type the database name 'kfm' to confirm");
        assertThat(Journal.read(audit).types()).doesNotContain("session.elevate");
        assertThat(Journal.read(audit).sentSql()).doesNotContain(insert(name));
        assertThat(stage.ownerScalar("SELECT count(*) FROM places WHERE name = '" + name + "'"))
                .isEqualTo("0");
    }

    @Test
    void ddlInWriteModeIsDeniedAndJournaled() throws Exception {
        Path audit = Stage.auditDir(temp, "ddl");

        var result = write(audit, "kfm", "CREATE TABLE e2e_x(i int)", "--commit");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        var journal = Journal.read(audit);
        assertThat(journal.first("query.denied").path("stmt").path("class").asString())
                .isEqualTo("DDL");
        assertThat(journal.sentSql()).doesNotContain("CREATE TABLE e2e_x(i int)");
        assertThat(stage.ownerScalar("SELECT count(*) FROM pg_tables WHERE tablename = 'e2e_x'"))
                .isEqualTo("0");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aPolicyWithoutWriteElevationDeniesIt() {
        Path policy = Stage.policy(temp.resolve("no-write"), Stage.WITNESSED + """
                elevation:
                  write: {allowed: false}
                """);
        String name = "E2E-" + UUID.randomUUID();
        Path audit = Stage.auditDir(temp, "no-write");

        var result = write(audit, "kfm", insert(name), "--commit", "--policy", policy.toString());

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(result.err()).contains("does not allow write elevation");
        assertThat(Journal.read(audit).types()).doesNotContain("session.elevate");
        assertThat(Journal.read(audit).sentSql()).doesNotContain(insert(name));
        assertThat(stage.ownerScalar("SELECT count(*) FROM places WHERE name = '" + name + "'"))
                .isEqualTo("0");
    }

    private static String insert(String name) {
        return "INSERT INTO places(name, kind, geom) VALUES ('" + name + "', 'hamlet', "
                + "ST_SetSRID(ST_MakePoint(1,2),4326))";
    }

    private static CliRun.Result write(Path audit, String confirm, String sql, String... extra) {
        var args = new java.util.ArrayList<>(List.of(
                "--write",
                "--write-reason",
                WRITE_REASON,
                "--write-ticket",
                "CHG-1",
                "--confirm-database",
                confirm,
                "--sql",
                sql));
        args.addAll(List.of(extra));
        return stage.cli("query", audit, args.toArray(String[]::new));
    }
}
