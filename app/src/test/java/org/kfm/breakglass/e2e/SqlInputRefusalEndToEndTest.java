package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;

/**
 * Issue 14: SQL the console cannot or should not send is refused before anything opens — no journal, no
 * tunnel — with exit 2 and a message that says what to do.
 */
class SqlInputRefusalEndToEndTest {
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
    void anEmptySqlIsRefusedBeforeTheTunnelOpens() {
        Path audit = Stage.auditDir(temp, "empty");

        var result = stage.cli("query", audit, "--sql", "");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("nothing to run: the SQL text is empty");
    }

    @Test
    void commentsAndSemicolonsAloneAreRefusedBeforeTheTunnelOpens() {
        Path comments = Stage.auditDir(temp, "comments");
        Path semicolons = Stage.auditDir(temp, "semicolons");

        var onlyComments = stage.cli("query", comments, "--sql", "-- nothing\r\n/* at /* all */ */  ");
        var onlySemicolons = stage.cli("query", semicolons, "--sql", " ; ;");

        assertRefusedBeforeOpening(onlyComments, comments);
        assertThat(onlyComments.err()).contains("only whitespace and comments");
        assertRefusedBeforeOpening(onlySemicolons, semicolons);
        assertThat(onlySemicolons.err()).contains("only semicolons");
    }

    @Test
    void aNulIsRefusedInsteadOfReportedAsATunnelFailure() {
        Path audit = Stage.auditDir(temp, "nul");

        var result = stage.cli("query", audit, "--sql", "SELECT 'a\u0000b'");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err())
                .contains("NUL character (U+0000) at character 10")
                .doesNotContain("tunnel");
    }

    @Test
    void textOverTheDefaultCapOfOneMebibyteIsRefused() {
        Path audit = Stage.auditDir(temp, "huge");
        String huge = "SELECT '" + "x".repeat(1024 * 1024) + "'";

        var result = stage.cli("query", audit, "--sql", huge);

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains(huge.length() + " bytes, over the limit of 1048576 bytes");
    }

    @Test
    void thePolicySetsTheCapForSqlAndFiles() throws Exception {
        Path policy = Stage.policy(temp.resolve("policy"), "session:\n  maxScriptBytes: 16\n");
        // A file may be 3 bytes over the cap (a byte-order mark is dropped); this one is 4 over.
        Path file = temp.resolve("twenty.sql");
        Files.writeString(file, "SELECT 1 AS abcdefgh");
        Path viaSql = Stage.auditDir(temp, "cap-sql");
        Path viaFile = Stage.auditDir(temp, "cap-file");

        var sql = stage.cli("query", viaSql, "--policy", policy.toString(), "--sql", "SELECT 1 AS abcde");
        var fromFile = stage.cli("query", viaFile, "--policy", policy.toString(), "--file", file.toString());

        assertRefusedBeforeOpening(sql, viaSql);
        assertThat(sql.err()).contains("17 bytes, over the limit of 16 bytes");
        assertRefusedBeforeOpening(fromFile, viaFile);
        assertThat(fromFile.err()).contains("twenty.sql is 20 bytes, over the limit of 16 bytes");
    }

    @Test
    void anUnreadableFileIsRefusedBeforeTheTunnelOpens() {
        Path audit = Stage.auditDir(temp, "no-file");

        var result =
                stage.cli("query", audit, "--file", temp.resolve("absent.sql").toString());

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("cannot read").contains("absent.sql");
    }

    @Test
    void aFileWithAByteOrderMarkRunsWithoutIt() throws Exception {
        Path file = temp.resolve("bom.sql");
        Files.write(file, ("\uFEFFSELECT 'from a file' AS origin\r\n").getBytes(StandardCharsets.UTF_8));
        Path audit = Stage.auditDir(temp, "bom");

        var result = stage.cli("query", audit, "--file", file.toString(), "--format", "csv");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out()).contains("from a file");
        assertThat(Journal.read(audit)
                        .afterLoginChecks()
                        .first("query.begin")
                        .path("stmt")
                        .path("sql")
                        .asString())
                .isEqualTo("SELECT 'from a file' AS origin");
    }

    private static void assertRefusedBeforeOpening(CliRun.Result result, Path audit) {
        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err()).as(result.transcript()).startsWith("refused:");
        assertThat(result.out()).isEmpty();
        assertThat(stage.cluster().openForwards()).isZero();
        assertThat(Files.exists(audit))
                .as("no audit directory was created: nothing happened")
                .isFalse();
    }
}
