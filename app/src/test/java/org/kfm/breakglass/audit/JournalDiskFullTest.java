package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full disk for real: the journal lives on a 512 KiB tmpfs that the test fills. A write the disk cuts off
 * part-way is removed before anything else is written, the refusal names the local journal's file, an outcome
 * the disk refused is written once there is room, and the journal verifies afterwards.
 */
class JournalDiskFullTest {

    private SmallTmpfs fs;
    private Path dir;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        fs = SmallTmpfs.mount(512);
        dir = fs.root().resolve("audit");
    }

    @AfterEach
    void unmount() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void aWriteCutOffByAFullDiskIsRemovedAndTheJournalGoesOnWhenSpaceIsBack() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var s = begin(trail);
            s.queryBegin(StatementRecord.before("SELECT 1", "READ"));
            var file = JournalFixture.onlyFile(dir);
            long good = Files.size(file);
            assertThat(good % 4096)
                    .as("the journal's last page has room, so a longer record is cut off part-way, not refused whole")
                    .isNotZero();
            var bigSql = "SELECT '" + "x".repeat(9000) + "'";

            fs.fill();
            assertThatThrownBy(() -> s.queryBegin(StatementRecord.before(bigSql, "READ")))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("incomplete record was removed")
                    .satisfies(e -> assertThat(((AuditUnavailableException) e).failingSinks())
                            .containsExactly("local journal " + file));
            assertThat(Files.size(file)).as("cut back to the last good record").isEqualTo(good);
            assertThat(JournalFixture.lines(file)).allSatisfy(CanonicalJson::parse);

            fs.free();
            s.queryBegin(StatementRecord.before(bigSql, "READ"));
            s.end("done");
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(JournalFixture.lines(JournalFixture.onlyFile(dir)))
                .filteredOn(l -> l.contains("x".repeat(9000)))
                .hasSize(1);
    }

    @Test
    void aQueryEndTheDiskRefusedIsJournaledBeforeTheNextEvent() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var s = begin(trail);
            s.queryBegin(StatementRecord.before("SELECT 42", "READ"));

            fs.fill();
            var outcome = new StatementRecord(
                    "SELECT 42", "READ", 1L, 0.4, null, List.of("?column?" + "y".repeat(6000)), "ab".repeat(32), null);
            assertThatThrownBy(() -> s.queryEnd(outcome)).isInstanceOf(AuditUnavailableException.class);
            assertThat(s.unwrittenOutcomes()).isEqualTo(1);
            assertThatThrownBy(() -> s.queryBegin(StatementRecord.before("SELECT 43", "READ")))
                    .as("no statement is sent while the last one's outcome is not journaled")
                    .isInstanceOf(AuditUnavailableException.class);

            fs.free();
            s.queryBegin(StatementRecord.before("SELECT 43", "READ"));
            assertThat(s.unwrittenOutcomes()).isZero();
            s.end("done");
        }
        var events = JournalFixture.lines(JournalFixture.onlyFile(dir)).stream()
                .map(CanonicalJson::parse)
                .toList();
        assertThat(events)
                .extracting(e -> e.type().wireName()
                        + (e.stmt() == null ? "" : " " + e.stmt().sql()))
                .containsExactly(
                        "session.start",
                        "query.begin SELECT 42",
                        "query.end SELECT 42",
                        "query.begin SELECT 43",
                        "session.end",
                        "journal.seal");
        assertThat(events.get(2).stmt().rows()).isEqualTo(1L);
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    @Test
    void whenTheCutBackFailsTooEveryEventIsRefusedNamingTheFileUntilItCanBeDone() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var s = begin(trail);
            var file = JournalFixture.onlyFile(dir);
            long good = Files.size(file);
            var bigSql = "SELECT '" + "z".repeat(9000) + "'";

            fs.fill();
            SmallTmpfs.appendOnly(file, true); // appends still work; truncating does not
            assertThatThrownBy(() -> s.queryBegin(StatementRecord.before(bigSql, "READ")))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("could not be removed")
                    .hasMessageContaining("refuses every event")
                    .hasMessageContaining(file.toString());
            assertThat(Files.size(file)).as("the cut-off record is still there").isGreaterThan(good);

            fs.free();
            assertThatThrownBy(() -> s.queryBegin(StatementRecord.before("SELECT 1", "READ")))
                    .as("space alone does not help while the incomplete record cannot be removed")
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("still ends with an incomplete record after byte " + good)
                    .hasMessageContaining(file.toString());
            assertThat(Files.size(file)).as("nothing was glued to it").isGreaterThan(good);

            SmallTmpfs.appendOnly(file, false);
            s.queryBegin(StatementRecord.before("SELECT 1", "READ"));
            s.end("done");
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.events()).isEqualTo(4);
    }

    private static SessionRecorder begin(AuditTrail trail) throws AuditUnavailableException {
        return trail.beginSession(
                UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
    }
}
