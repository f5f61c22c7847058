package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.endpoint.Programs;
import org.kfm.breakglass.session.RunOptions;

/**
 * Issue 12's after-session commands end to end: {@code audit reconcile} reads the pod's log through the fake
 * cluster (LocalPostgis's real pgaudit log) and finds a statement sent with the reader's credentials outside the
 * console; {@code evidence} and {@code evidence verify} round trip and catch a tampered pack; {@code audit review}
 * refuses the operator and journals another person; {@code audit pending} is the overdue gate.
 */
class AfterSessionEndToEndTest {
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
        stage.cluster().faults().authenticateAs(null);
    }

    /** A session through the public API that runs {@code sql}, then {@code during} while it is open; its id. */
    private String session(Path audit, String sql, Runnable during) throws Exception {
        try (var session = stage.openSession(audit)) {
            session.run(sql, RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));
            during.run();
            session.run("SELECT count(*) FROM places", RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));
            return session.id();
        }
    }

    private CliRun.Result cli(String... args) {
        var all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of(
                "--kubeconfig",
                stage.cluster().kubeconfig().toString(),
                "--policy",
                stage.policy().toString()));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** psql as the reader, outside the console, claiming the session's application_name. */
    private void psqlAsReader(String applicationName, String sql) {
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

    @Test
    void aSessionWhereOnlyTheConsoleTalkedReconcilesClean() throws Exception {
        Path audit = Stage.auditDir(temp, "clean");
        String id = session(audit, "SELECT name FROM places WHERE id = 5", () -> {});

        var result = cli("audit", "reconcile", audit.toString(), "--session", id);

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out())
                .as(result.transcript())
                .startsWith("Reconciliation of session " + id + ": CLEAN")
                .contains("0 NOT journaled")
                .contains("journaled as session.reconciled");
        var reconciled = Journal.read(audit).first("session.reconciled");
        assertThat(reconciled.path("reconciliation").path("verdict").asString()).isEqualTo("clean");
        assertThat(reconciled.path("reconciliation").path("session").asString()).isEqualTo(id);
    }

    @Test
    void aStatementWithTheReadersCredentialsOutsideTheConsoleIsFlagged() throws Exception {
        Path audit = Stage.auditDir(temp, "outside");
        String[] app = new String[1];
        String id = session(audit, "SELECT name FROM places WHERE id = 6", () -> {
            // The session's own application_name, so the selection by name must pick this backend.
            app[0] = "breakglass/"
                    + Journal.read(audit)
                            .first("session.start")
                            .path("session")
                            .asString()
                            .substring(0, 8);
            psqlAsReader(app[0], "SELECT name, kind FROM places WHERE id = 99");
        });

        var result = cli("audit", "reconcile", audit.toString(), "--session", id);

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(1);
        assertThat(result.out())
                .as(result.transcript())
                .startsWith("Reconciliation of session " + id + ": FAIL")
                .contains("1 NOT journaled")
                .contains("UNJOURNALED")
                .contains("SELECT name, kind FROM places WHERE id = 99")
                .contains("outside the console");
        var reconciled = Journal.read(audit).first("session.reconciled");
        assertThat(reconciled.path("reconciliation").path("verdict").asString()).isEqualTo("fail");
        assertThat(reconciled.path("checks").toString()).contains("places WHERE id = 99");
    }

    @Test
    void withoutPodsLogPermissionTheSessionIsNotReconciledNeverPassed() throws Exception {
        Path audit = Stage.auditDir(temp, "nolog");
        String id = session(audit, "SELECT name FROM places WHERE id = 7", () -> {});
        stage.cluster().faults().denyRbac("get:pods/log");

        var result = cli("audit", "reconcile", audit.toString(), "--session", id);

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(1);
        assertThat(result.out())
                .as(result.transcript())
                .startsWith("Reconciliation of session " + id + ": NOT-RECONCILED")
                .contains("the server log cannot be read")
                .contains("403");
        var reconciled = Journal.read(audit).first("session.reconciled");
        assertThat(reconciled.path("reconciliation").path("verdict").asString()).isEqualTo("not-reconciled");
    }

    @Test
    void anEvidencePackRoundTripsAndATamperedOneIsCaught() throws Exception {
        Path audit = Stage.auditDir(temp, "pack");
        String id = session(audit, "SELECT name FROM places WHERE id = 8", () -> {});
        Path pack = temp.resolve("pack.zip");

        var written = cli("evidence", audit.toString(), "--session", id, "--out", pack.toString(), "--reconcile");

        assertThat(written.exitCode()).as(written.transcript()).isZero();
        assertThat(written.out()).as(written.transcript()).contains(": CLEAN").contains("manifest sha256 ");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(pack)))
                .isEqualTo("rw-------");
        var verified = verify(pack);
        assertThat(verified.exitCode()).as(verified.transcript()).isZero();
        assertThat(verified.out()).as(verified.transcript()).startsWith("OK evidence pack of session " + id);
        String manifestSha = written.out()
                .lines()
                .filter(l -> l.startsWith("manifest sha256 "))
                .findFirst()
                .orElseThrow()
                .substring("manifest sha256 ".length(), "manifest sha256 ".length() + 64);
        assertThat(verified.out()).contains(manifestSha);

        var again = cli("evidence", audit.toString(), "--session", id, "--out", pack.toString());
        assertThat(again.exitCode()).as(again.transcript()).isEqualTo(2);
        assertThat(again.err()).contains("never overwritten");

        Path tampered = temp.resolve("tampered.zip");
        rewrite(pack, tampered, "statements.json", "WHERE id = 8", "WHERE id = 9");
        var broken = verify(tampered);
        assertThat(broken.exitCode()).as(broken.transcript()).isEqualTo(1);
        assertThat(broken.out()).as(broken.transcript()).startsWith("BROKEN").contains("statements.json");
    }

    /** {@code evidence verify} is offline: no kubeconfig. */
    private static CliRun.Result verify(Path pack) {
        return CliRun.run(
                "evidence",
                "verify",
                pack.toString(),
                "--policy",
                stage.policy().toString());
    }

    /** A copy of the zip with one entry's text changed, everything else as it was. */
    private static void rewrite(Path from, Path to, String entry, String text, String replacement) throws IOException {
        boolean changed = false;
        try (var in = new ZipInputStream(Files.newInputStream(from));
                var out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    String s = new String(bytes, StandardCharsets.UTF_8);
                    assertThat(s).contains(text);
                    bytes = s.replace(text, replacement).getBytes(StandardCharsets.UTF_8);
                    changed = true;
                }
                var copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        assertThat(changed).as("the pack holds " + entry).isTrue();
    }

    @Test
    void theOperatorCannotReviewTheirOwnSessionAndAnotherPersonCan() throws Exception {
        Path audit = Stage.auditDir(temp, "review");
        String id = session(audit, "SELECT name FROM places WHERE id = 10", () -> {});

        var self = cli(
                "audit",
                "review",
                audit.toString(),
                "--session",
                id,
                "--verdict",
                "legitimate",
                "--note",
                "looked at it myself");
        assertThat(self.exitCode()).as(self.transcript()).isEqualTo(3);
        assertThat(self.err()).as(self.transcript()).contains("you ran it").contains("reviewed by someone else");
        assertThat(Journal.read(audit).types()).doesNotContain("session.review");

        var pending = cli("audit", "pending", audit.toString());
        assertThat(pending.exitCode()).as(pending.transcript()).isZero();
        assertThat(pending.out())
                .as(pending.transcript())
                .contains("PENDING " + id)
                .contains("1 session(s)");
        var overdue = cli("audit", "pending", audit.toString(), "--older-than", "0s");
        assertThat(overdue.exitCode()).as(overdue.transcript()).isEqualTo(1);
        assertThat(overdue.out())
                .as(overdue.transcript())
                .contains("OVERDUE " + id)
                .contains("1 overdue");

        // Another person: another Kubernetes user and another OS user.
        stage.cluster().faults().authenticateAs("reviewer-rita@example.org");
        String osUser = System.getProperty("user.name");
        CliRun.Result review;
        try {
            System.setProperty("user.name", "rita");
            review = cli(
                    "audit",
                    "review",
                    audit.toString(),
                    "--session",
                    id,
                    "--verdict",
                    "drill",
                    "--note",
                    "planned failover drill, INC-77 checked",
                    "--evidence",
                    "a".repeat(64));
        } finally {
            System.setProperty("user.name", osUser);
        }
        assertThat(review.exitCode()).as(review.transcript()).isZero();
        var journaled = Journal.read(audit).first("session.review");
        assertThat(journaled.path("review").path("verdict").asString()).isEqualTo("drill");
        assertThat(journaled.path("review").path("evidence").asString()).isEqualTo("a".repeat(64));
        assertThat(journaled.path("operator").path("kubeUser").asString()).isEqualTo("reviewer-rita@example.org");
        assertThat(journaled.path("operator").path("osUser").asString()).isEqualTo("rita");

        var none = cli("audit", "pending", audit.toString(), "--older-than", "0s");
        assertThat(none.exitCode()).as(none.transcript()).isZero();
        assertThat(none.out()).as(none.transcript()).doesNotContain(id).contains("0 session(s)");
    }
}
