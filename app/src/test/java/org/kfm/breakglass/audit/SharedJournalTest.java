package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several consoles in one JVM (the GUI and an in-process CLI, several GUI sessions) on one journal directory:
 * one chain, every append under the shared lock, rotation included, and a writer whose view is stale picks up
 * the head another writer left.
 */
class SharedJournalTest {

    @TempDir
    Path dir;

    @Test
    void threeTrailsInOneJvmWritingAtOnceMakeOneGapFreeChain() throws Exception {
        int trails = 3;
        int statements = 300;
        var settings = AuditSettings.localOnly(dir).withRotateBytes(64 * 1024);
        var start = new CountDownLatch(1);
        var sessions = new ArrayList<UUID>();
        try (var pool = Executors.newFixedThreadPool(trails)) {
            var futures = new ArrayList<Future<UUID>>();
            for (int t = 0; t < trails; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try (var trail = AuditTrail.open(settings)) {
                        var id = UUID.randomUUID();
                        var s = trail.beginSession(
                                id, JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
                        for (int i = 0; i < statements; i++) {
                            var sql = "SELECT " + i + " /* " + id + " */";
                            s.queryBegin(StatementRecord.before(sql, "READ"));
                            s.queryEnd(new StatementRecord(sql, "READ", 1L, 0.1, null, List.of("n"), null, null));
                        }
                        s.end("done");
                        return id;
                    }
                }));
            }
            start.countDown();
            for (var f : futures) {
                sessions.add(f.get());
            }
        }

        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.sessions()).isEqualTo(trails);
        assertThat(report.events()).isEqualTo(trails * (2L * statements + 3));
        assertThat(JournalFiles.list(dir)).as("rotation under the lock").hasSizeGreaterThan(3);
        var events =
                JournalReader.read(List.of(dir), java.util.Optional.empty()).events();
        assertThat(events)
                .extracting(AuditEvent::type)
                .as("a busy journal raises no false alarm")
                .doesNotContain(EventType.SESSION_ABANDONED, EventType.JOURNAL_TORN, EventType.JOURNAL_DAMAGED);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i);
        }
        for (var id : sessions) {
            var mine = events.stream().filter(e -> id.equals(e.session())).toList();
            for (int i = 0; i < mine.size(); i++) {
                assertThat(mine.get(i).ei()).isEqualTo(i);
            }
            var sqls = mine.stream()
                    .filter(e -> e.type() == EventType.QUERY_BEGIN)
                    .map(e -> e.stmt().sql())
                    .toList();
            assertThat(sqls).hasSize(statements);
            for (int i = 0; i < statements; i++) {
                assertThat(sqls.get(i)).startsWith("SELECT " + i + " ");
            }
        }
    }

    @Test
    void aWriterWhoseHeadIsStaleContinuesFromTheOtherWritersRecords() throws Exception {
        try (var a = AuditTrail.open(AuditSettings.localOnly(dir));
                var b = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var sa = a.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            var sb = b.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            for (int i = 0; i < 5; i++) {
                sa.queryBegin(StatementRecord.before("SELECT " + i, "READ"));
                sb.queryBegin(StatementRecord.before("SELECT " + i, "READ"));
            }
            sa.end("done");
            sb.end("done");
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.events()).isEqualTo(2 * (1 + 5 + 2));
    }

    @Test
    void whatADeadWriterLeftHalfWrittenIsMovedAsideByTheNextAppendAndReported() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var s = trail.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            var file = JournalFixture.onlyFile(dir);
            // What a console of another process leaves when it dies mid-append: its token, then part of a line.
            Files.writeString(
                    dir.resolve(JournalLock.FILE_NAME),
                    "ffffffffffffffff0000000000000001\n",
                    StandardCharsets.US_ASCII);
            var fragment = "{\"ei\":0,\"hash\":\"abc";
            Files.writeString(file, fragment, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

            s.queryBegin(StatementRecord.before("SELECT 1", "READ"));
            s.end("done");

            var torn = JournalFixture.lines(file).stream()
                    .map(CanonicalJson::parse)
                    .filter(e -> e.type() == EventType.JOURNAL_TORN)
                    .toList();
            assertThat(torn)
                    .singleElement()
                    .satisfies(e -> assertThat(e.detail())
                            .contains("moved " + fragment.length() + " bytes")
                            .contains(file.getFileName() + ".torn-"));
            Map<String, String> aside = new HashMap<>();
            try (var names = Files.list(dir)) {
                for (var p : names.filter(p -> p.getFileName().toString().contains(".torn-"))
                        .toList()) {
                    aside.put(p.getFileName().toString(), Files.readString(p));
                }
            }
            assertThat(aside.values()).containsExactly(fragment);
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
    }
}
