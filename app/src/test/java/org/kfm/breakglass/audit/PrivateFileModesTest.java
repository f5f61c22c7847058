package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal holds SQL, reasons and target names: every file the audit trail creates is {@code 0600} and every
 * directory {@code 0700}, whatever the umask leaves — journal files, the lock, session marks, torn fragments and
 * the webhook spool.
 */
class PrivateFileModesTest {

    @TempDir
    Path temp;

    @Test
    void journalLockMarksAndTornFragmentsAreReadableByTheOwnerOnly() throws Exception {
        var dir = temp.resolve("state").resolve("audit");
        UUID running;
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            running = UUID.randomUUID();
            var s = trail.beginSession(
                    running, JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            s.queryBegin(StatementRecord.before("SELECT 1", "READ"));

            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(mode(dir.getParent())).as("missing parents too").isEqualTo("rwx------");
            assertThat(mode(JournalFixture.onlyFile(dir))).isEqualTo("rw-------");
            assertThat(mode(dir.resolve(JournalLock.FILE_NAME))).isEqualTo("rw-------");
            assertThat(mode(dir.resolve(SessionLiveness.DIR))).isEqualTo("rwx------");
            assertThat(mode(SessionLiveness.fileOf(dir, running))).isEqualTo("rw-------");
        }
        Files.writeString(JournalFixture.onlyFile(dir), "{\"torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            assertThat(trail.recovery().abandonedSessions()).containsExactly(running);
            assertThat(mode(trail.recovery().tornFragment().orElseThrow())).isEqualTo("rw-------");
        }
    }

    @Test
    void theWebhookSpoolIsReadableByTheOwnerOnly() throws Exception {
        var spoolDir = temp.resolve("spool");
        try (var endpoint = new TestEndpoint()) {
            endpoint.failing = true;
            var sink = new WebhookSink(endpoint.uri(), spoolDir, WebhookSinkTest.FAST, Optional.empty());
            var settings =
                    AuditSettings.localOnly(temp.resolve("audit")).withSinks(List.of(SinkBinding.bestEffort(sink)));
            try (var trail = AuditTrail.open(settings)) {
                JournalFixture.runSession(trail);
                assertThat(sink.spooled()).isPositive();
                assertThat(mode(spoolDir)).isEqualTo("rwx------");
                assertThat(mode(sink.spoolFile())).isEqualTo("rw-------");
            }
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
