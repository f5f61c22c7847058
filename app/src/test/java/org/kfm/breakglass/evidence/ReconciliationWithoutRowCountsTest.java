package org.kfm.breakglass.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.evidence.ReconciliationReport.Verdict;
import org.kfm.breakglass.evidence.serverlog.LogLinePrefix;
import org.kfm.breakglass.evidence.serverlog.ServerLogFormat;

/**
 * Without {@code pgaudit.log_rows} pgaudit writes each record when the executor starts, not when it ends: a
 * different order and numbering of the same statements, no row counts, and the console's next statement numbered
 * as a substatement of its previous one. The same session must reconcile clean, and psql must still be caught.
 */
class ReconciliationWithoutRowCountsTest {

    @TempDir
    Path journal;

    @Test
    void theConsolesTrafficIsCleanAndAnIntruderIsFlagged() throws Exception {
        try (var server = PgAuditServer.start(false)) {
            String role = "bg_" + UUID.randomUUID().toString().substring(0, 8);
            String password = server.createSessionRole(role);
            SessionHistory clean;
            String app;
            try (var s = new ConsoleSession(server, journal, role, password, true)) {
                app = s.applicationName;
                // No EXPLAIN (or SHOW, or any utility statement) here: with log_rows off, pgaudit 1.7.0 refuses a
                // utility statement sent while the console's transaction-start SELECT still has its portal open
                // (XX000 "pgaudit stack is not empty"; pgaudit issues #64/#108 are the same family). Reported.
                assertThat(s.run("SELECT postgis_lib_version()", "READ")).isEqualTo(1);
                assertThat(s.run("SELECT id, owner, geom FROM parcels WHERE id <= 3", "READ"))
                        .isEqualTo(3);
                assertThat(s.run("SELECT parcel_count()", "FUNCTION")).isEqualTo(1);
                assertThat(s.run("SELECT nope FROM parcels", "READ")).isEqualTo(-1);
                s.run(
                        "SELECT id FROM parcels ORDER BY id",
                        "READ",
                        new org.kfm.breakglass.sql.QueryOptions(10, 5, java.time.Duration.ZERO),
                        false);
                s.deny(
                        "UPDATE parcels SET owner = 'x' WHERE id = 42",
                        "WRITE",
                        "write statement in a read-only session");
                clean = s.end();
            }
            var reconciler = new Reconciler(Reconciler.DEFAULT_CLOCK_SKEW);
            var format = new ServerLogFormat.Stderr(LogLinePrefix.parse(server.prefix()));
            var report = reconciler.reconcile(
                    clean,
                    new BackendSelection.PerSessionRole(role),
                    ConsoleStatements.forApplication(app),
                    new ServerLogAccess.Read(List.of(format.read("pod", server.logLines()))));
            assertThat(report.verdict()).as(ReconciliationText.render(report)).isEqualTo(Verdict.CLEAN);
            assertThat(report.counts().matched()).isEqualTo(5);
            assertThat(report.counts().subStatements()).isEqualTo(1);
            assertThat(report.matches())
                    .allSatisfy(m -> assertThat(m.serverRows()).isNull());

            String role2 = "bg_" + UUID.randomUUID().toString().substring(0, 8);
            String password2 = server.createSessionRole(role2);
            SessionHistory intruded;
            try (var s = new ConsoleSession(server, journal, role2, password2, true)) {
                app = s.applicationName;
                s.run("SELECT count(*) FROM parcels", "READ");
                server.psql(role2, password2, "psql", "SELECT owner FROM parcels WHERE id = 31");
                intruded = s.end();
            }
            var flagged = reconciler.reconcile(
                    intruded,
                    new BackendSelection.PerSessionRole(role2),
                    ConsoleStatements.forApplication(app),
                    new ServerLogAccess.Read(List.of(format.read("pod", server.logLines()))));
            assertThat(flagged.verdict()).as(ReconciliationText.render(flagged)).isEqualTo(Verdict.FAIL);
            assertThat(flagged.counts().unjournaled()).isEqualTo(1);
        }
    }
}
