package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code query.end} and {@code query.failed} are written at once and fsynced off the caller's thread
 * (docs/decisions/0027): the record is in the file when the call returns, every later record waits for the fsync,
 * and a failed fsync makes the journal refuse every later record, so the next statement is not sent.
 */
class DeferredOutcomeSyncTest {

    @TempDir
    Path dir;

    private static final StatementRecord BEFORE = StatementRecord.before("SELECT 42", "READ");
    private static final StatementRecord AFTER =
            new StatementRecord("SELECT 42", "READ", 1L, 0.4, null, List.of("?column?"), "ab".repeat(32), null);

    @Test
    void queryEndIsInTheFileWhenItReturnsAndTheNextRecordWaitsForItsFsync() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var s = begin(trail);
            s.queryBegin(BEFORE);
            var release = new CountDownLatch(1);
            var synced = new AtomicInteger();
            trail.journal().deferredFsyncBy(syncer -> {
                await(release);
                syncer.sync();
                synced.incrementAndGet();
            });

            s.queryEnd(AFTER);
            assertThat(JournalFixture.lines(JournalFixture.onlyFile(dir)))
                    .as("written (page cache) before its fsync finished")
                    .last()
                    .asString()
                    .contains("\"query.end\"");
            assertThat(synced).hasValue(0);

            var next = Thread.ofPlatform().start(() -> {
                try {
                    s.queryBegin(StatementRecord.before("SELECT 43", "READ"));
                } catch (AuditUnavailableException e) {
                    throw new IllegalStateException(e);
                }
            });
            next.join(300);
            assertThat(next.isAlive())
                    .as("the next query.begin waits for query.end's fsync")
                    .isTrue();
            assertThat(JournalFixture.lines(JournalFixture.onlyFile(dir))).noneMatch(l -> l.contains("SELECT 43"));

            release.countDown();
            next.join(10_000);
            assertThat(next.isAlive()).isFalse();
            assertThat(synced).hasValue(1);
            assertThat(JournalFixture.lines(JournalFixture.onlyFile(dir)))
                    .last()
                    .asString()
                    .contains("SELECT 43");
            s.end("done");
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    @Test
    void aFailedFsyncOfQueryEndRefusesTheNextStatementAndEveryRecordAfter() throws Exception {
        var trail = AuditTrail.open(AuditSettings.localOnly(dir));
        {
            var s = begin(trail);
            s.queryBegin(BEFORE);
            trail.journal().deferredFsyncBy(syncer -> {
                throw new IOException("Input/output error");
            });
            s.queryEnd(AFTER);
            long size = Files.size(JournalFixture.onlyFile(dir));

            assertThatThrownBy(() -> s.queryBegin(StatementRecord.before("SELECT 43", "READ")))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("fsync of an earlier record")
                    .hasMessageContaining("Input/output error")
                    .hasMessageContaining("restart the console")
                    .satisfies(e -> assertThat(((AuditUnavailableException) e).journaledLocally())
                            .isFalse());
            // For good: a retried fsync would report success whether or not the kernel kept the pages.
            trail.journal().deferredFsyncBy(JournalFileCursor.Syncer::sync);
            assertThatThrownBy(() -> s.queryBegin(StatementRecord.before("SELECT 44", "READ")))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("fsync of an earlier record");
            assertThatThrownBy(() -> s.end("done")).isInstanceOf(AuditUnavailableException.class);
            assertThat(Files.size(JournalFixture.onlyFile(dir)))
                    .as("nothing written after the failed fsync")
                    .isEqualTo(size);
        }
        assertThatThrownBy(trail::close)
                .as("closing says the journal's last record may not be durable")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("fsync of an earlier record");
    }

    @Test
    void theSealWaitsForTheLastOutcomesFsync() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var s = begin(trail);
            s.queryBegin(BEFORE);
            var inFsync = new AtomicBoolean();
            var sealWrittenDuringFsync = new AtomicBoolean();
            trail.journal().deferredFsyncBy(syncer -> {
                inFsync.set(true);
                sleep(300);
                sealWrittenDuringFsync.set(
                        JournalFixture.lines(syncer.file()).stream().anyMatch(l -> l.contains("journal.seal")));
                syncer.sync();
                inFsync.set(false);
            });
            s.queryEnd(AFTER);
            var seal = s.end("done");
            assertThat(seal.events()).isEqualTo(4); // session.start, query.begin, query.end, session.end
            assertThat(sealWrittenDuringFsync)
                    .as("the seal was written only after the fsync")
                    .isFalse();
            assertThat(inFsync).isFalse();
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    @Test
    void closingTheJournalWaitsForTheLastOutcomesFsync() throws Exception {
        var trail = AuditTrail.open(AuditSettings.localOnly(dir));
        var s = begin(trail);
        s.queryBegin(BEFORE);
        var done = new AtomicBoolean();
        trail.journal().deferredFsyncBy(syncer -> {
            sleep(300);
            syncer.sync();
            done.set(true);
        });
        s.queryEnd(AFTER);
        trail.close();
        assertThat(done).as("close returned only after the fsync").isTrue();
    }

    private static SessionRecorder begin(AuditTrail trail) throws AuditUnavailableException {
        return trail.beginSession(
                UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IOException("test latch never released");
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }
}
