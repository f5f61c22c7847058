package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.audit.JournalFiles;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.SmallTmpfs;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;

/**
 * The operator's disk fills up mid-session (the journal on a real 1 MiB tmpfs): the next statement is refused
 * before it is sent, the refusal names the local journal's file, and once there is space again the session goes
 * on and its journal verifies.
 */
class DiskFullEndToEndTest {

    @Test
    void aStatementRefusedForAFullDiskNamesTheLocalJournalAndIsNeverSent() throws Exception {
        try (var stage = Stage.start();
                var fs = SmallTmpfs.mount(1024)) {
            Path audit = fs.root().resolve("audit");
            var marker = "disk_full_" + System.nanoTime();
            // Longer than a page, so it cannot slip into the free end of the journal's last page.
            var sql = "SELECT '" + marker + "' AS marker, '" + "x".repeat(6000) + "' AS filler";
            try (var session = stage.openSession(audit)) {
                var journal = JournalFiles.list(audit).getLast();
                fs.fill();

                assertThatThrownBy(() -> session.run(sql, RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {})))
                        .isInstanceOf(SessionFailure.class)
                        .satisfies(e -> assertThat(((SessionFailure) e).kind()).isEqualTo(SessionFailure.Kind.DENIED))
                        .hasMessageContaining("local journal " + journal)
                        .hasMessageContaining("no audit, no access");

                fs.free();
                var reports = session.run(sql, RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));
                assertThat(reports)
                        .singleElement()
                        .satisfies(r -> assertThat(r.rows()).isEqualTo(1));
            }
            Stage.await(
                    "the statement in the server log", () -> stage.serverLog().contains(marker));
            // The server logs each statement twice: the statement log (log_statement=all) and pgaudit's AUDIT line.
            var lines =
                    stage.serverLog().lines().filter(l -> l.contains(marker)).toList();
            assertThat(lines.stream().filter(l -> !l.contains("AUDIT: SESSION,")))
                    .as("sent once: after the space came back, never while the journal could not record it")
                    .hasSize(1);
            assertThat(lines.stream().filter(l -> l.contains("AUDIT: SESSION,")))
                    .as("and run once, as pgaudit saw it")
                    .hasSize(1);
            var report = JournalVerifier.verify(List.of(audit));
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(Files.readString(JournalFiles.list(audit).getLast()).split(marker, -1))
                    .as("one query.begin and one query.end")
                    .hasSize(3);
        }
    }
}
