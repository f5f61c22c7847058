package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privilege check after login with real roles of LocalPostgis, each through its own Secret: a superuser is
 * refused unless the policy allows it, a writer is a WARN that says read-only rests on the transaction mode and the
 * statement gate, the reader passes. Journaled as {@code session.preflight}'s {@code privileges} line.
 */
class PrivilegeCheckEndToEndTest {
    private static Stage stage;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
        var su = stage.pg().superuser();
        stage.cluster()
                .adminClient()
                .secrets()
                .inNamespace(stage.cluster().namespace())
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("postgis-auth-super")
                        .endMetadata()
                        .withData(Map.of("POSTGRES_USER", b64(su.user()), "POSTGRES_PASSWORD", b64(su.password())))
                        .build())
                .create();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @Test
    void aSuperuserLoginIsRefusedAndJournaled() {
        Path audit = Stage.auditDir(temp, "super");
        var result = stage.cli("query", audit, "--sql", "SELECT 1", "--policy", policy("postgis-auth-super", false));

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(result.err())
                .as(result.transcript())
                .contains("privileges: " + stage.pg().superuser().user() + " is a superuser", "allowSuperuser");
        var journal = Journal.read(audit);
        assertThat(journal.sentSql()).doesNotContain("SELECT 1");
        assertThat(privileges(journal).path("verdict").asString()).isEqualTo("FAIL");
        assertThat(journal.types()).contains("session.end");
    }

    @Test
    void aSuperuserTheyPolicyAllowsIsAWarning() {
        Path audit = Stage.auditDir(temp, "super-allowed");
        var result = stage.cli("query", audit, "--sql", "SELECT 1", "--policy", policy("postgis-auth-super", true));

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(privileges(Journal.read(audit)).path("verdict").asString()).isEqualTo("WARN");
    }

    @Test
    void aWriterIsAWarningThatReadOnlyRestsOnTheTransactionModeAndTheGate() {
        Path audit = Stage.auditDir(temp, "writer");
        var result = stage.cli("query", audit, "--sql", "SELECT 1", "--policy", policy("postgis-auth-writer", false));

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.err())
                .as(result.transcript())
                .contains("notice: kfm_writer can write (INSERT/UPDATE/DELETE/TRUNCATE)", "public.places")
                .contains("read-only then rests on the transaction mode and the statement gate");
        var line = privileges(Journal.read(audit));
        assertThat(line.path("verdict").asString()).isEqualTo("WARN");
        assertThat(line.path("reason").asString()).doesNotContain("superuser").doesNotContain("owns");
    }

    @Test
    void theOwnerIsAWarningForOwningTheDatabase() {
        Path audit = Stage.auditDir(temp, "owner");
        var result = stage.cli("query", audit, "--sql", "SELECT 1", "--policy", policy("postgis-auth-owner", false));

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(privileges(Journal.read(audit)).path("reason").asString())
                .contains("kfm_owner owns database kfm", "can write");
    }

    @Test
    void theReaderPasses() {
        Path audit = Stage.auditDir(temp, "reader");
        var result = stage.cli("query", audit, "--sql", "SELECT 1");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        var line = privileges(Journal.read(audit));
        assertThat(line.path("verdict").asString()).as(line.toString()).isEqualTo("PASS");
        assertThat(result.err()).doesNotContain("notice: kfm_reader");
    }

    private String policy(String readerSecret, boolean allowSuperuser) {
        return Stage.policy(
                        temp.resolve(readerSecret + allowSuperuser),
                        Stage.WITNESSED + "credentials:\n  reader: {secret: " + readerSecret + "}\n"
                                + "targets:\n  allowSuperuser: " + allowSuperuser + "\n")
                .toString();
    }

    private static tools.jackson.databind.JsonNode privileges(Journal journal) {
        for (var record : journal.ofType("session.preflight")) {
            for (var check : record.path("checks")) {
                if (check.path("name").asString().equals("privileges")) {
                    return check;
                }
            }
        }
        throw new AssertionError("no privileges check journaled: " + journal);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
