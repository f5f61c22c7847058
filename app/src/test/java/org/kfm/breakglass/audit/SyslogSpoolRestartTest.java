package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog sink's backlog survives the console: with rsyslog down, a whole session is spooled on disk; the
 * console exits; rsyslog comes back; the next console delivers the backlog first, in journal order, and then its
 * own session, so rsyslog's file ends up holding every journal line in order.
 */
class SyslogSpoolRestartTest {

    @TempDir
    Path dir;

    @Test
    void aBacklogSpooledWhileTheServerWasDownIsDeliveredInOrderByTheNextConsole() throws Exception {
        var journal = Files.createDirectory(dir.resolve("journal"));
        var spoolDir = dir.resolve("spool");
        try (var rsyslog = new LocalRsyslog(Files.createDirectory(dir.resolve("rsyslog")))) {
            // First console: the server is down for the whole session.
            var down = SyslogSink.tcp("127.0.0.1", rsyslog.port(), spoolDir);
            var spoolFile = down.spoolFile();
            JournalFixture.writeSession(
                    AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.bestEffort(down))));
            var first = JournalFixture.lines(JournalFixture.onlyFile(journal));
            assertThat(first).hasSize(10);
            assertThat(Files.readAllLines(spoolFile)).containsExactlyElementsOf(first);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolFile)))
                    .isEqualTo("rw-------");

            rsyslog.start();

            // Next console: before it records anything, its sink delivers what the last one left behind.
            var back = SyslogSink.tcp("127.0.0.1", rsyslog.port(), spoolDir);
            assertThat(back.spoolFile()).isEqualTo(spoolFile);
            assertThat(back.pending()).isEqualTo(first.size());
            try (var trail =
                    AuditTrail.open(AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.required(back))))) {
                assertThat(rsyslog.awaitLines(first.size())).containsExactlyElementsOf(first);
                JournalFixture.runSession(trail);
            }

            var all = new ArrayList<>(JournalFixture.lines(JournalFixture.onlyFile(journal)));
            assertThat(all).hasSize(20);
            assertThat(rsyslog.awaitLines(all.size())).containsExactlyElementsOf(all);
            assertThat(Files.readAllLines(spoolFile)).isEmpty();
        }
    }

    @Test
    void twoConsolesOnOneSpoolDirectoryKeepSeparateQueues() throws Exception {
        var spoolDir = dir.resolve("spool");
        try (var first = SyslogSink.tcp("127.0.0.1", 1, spoolDir);
                var second = SyslogSink.tcp("127.0.0.1", 1, spoolDir)) {
            assertThat(second.spoolFile()).isNotEqualTo(first.spoolFile());
            assertThat(second.spoolFile().getFileName().toString()).endsWith("-2.spool");
        }
        try (var again = SyslogSink.tcp("127.0.0.1", 1, spoolDir)) {
            assertThat(again.spoolFile().getFileName().toString()).doesNotEndWith("-2.spool");
        }
    }
}
