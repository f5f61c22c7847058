package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRotationTest {

    @TempDir
    Path dir;

    @Test
    void rotationBySizeKeepsTheChainVerifiableAcrossFiles() throws Exception {
        var settings =
                AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK).withRotateBytes(4096);
        try (var trail = AuditTrail.open(settings)) {
            for (int i = 0; i < 5; i++) {
                JournalFixture.runSession(trail);
            }
        }

        var files = JournalFiles.list(dir);
        assertThat(files).hasSizeGreaterThan(2);
        assertThat(files.get(1).getFileName().toString()).isEqualTo("journal-2026-11-23.1.jsonl");
        for (var f : files) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(4096);
        }
        var lastOfFirst = CanonicalJson.parse(JournalFixture.lines(files.get(0)).getLast());
        var firstOfSecond =
                CanonicalJson.parse(JournalFixture.lines(files.get(1)).getFirst());
        assertThat(firstOfSecond.prev()).isEqualTo(lastOfFirst.hash());
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.events()).isEqualTo(50);
    }

    @Test
    void newDayStartsANewFileAndTheChainSpansIt() throws Exception {
        var clock = new StepClock(Instant.parse("2026-11-23T23:59:59.900000Z"));
        var settings = AuditSettings.localOnly(dir).withClock(clock);
        try (var trail = AuditTrail.open(settings)) {
            var s = trail.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            clock.advance(Duration.ofSeconds(1));
            s.queryBegin(StatementRecord.before("SELECT 1", "READ"));
            s.end("done");
        }

        assertThat(JournalFiles.list(dir))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("journal-2026-11-23.jsonl", "journal-2026-11-24.jsonl");
        assertThat(JournalVerifier.verify(List.of(dir)).ok()).isTrue();
        // The second day alone does not start at genesis: a failure, unless the auditor asks for a partial check.
        var second = JournalFiles.list(dir).get(1);
        var alone = JournalVerifier.verify(List.of(second));
        assertThat(alone.problem())
                .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(ProblemKind.NOT_FROM_GENESIS));
        var partial = JournalVerifier.verify(
                List.of(second), VerificationOptions.complete().asPartial());
        assertThat(partial.ok()).as(partial.summary()).isTrue();
        assertThat(partial.fromGenesis()).isFalse();
        assertThat(partial.notVerified())
                .contains("chain anchored at line 1 of " + second + ", seq 1: nothing before it is verified");
    }

    @Test
    void missingRotatedFileInTheMiddleIsReportedAsSplice() throws Exception {
        var settings =
                AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK).withRotateBytes(4096);
        try (var trail = AuditTrail.open(settings)) {
            for (int i = 0; i < 5; i++) {
                JournalFixture.runSession(trail);
            }
        }
        var files = JournalFiles.list(dir);
        Files.delete(files.get(1));

        var report = JournalVerifier.verify(List.of(dir));

        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.SPLICED);
            assertThat(p.file()).isEqualTo(files.get(2));
            assertThat(p.line()).isEqualTo(1);
        });
    }

    /** A clock the test moves forward. */
    static final class StepClock extends Clock {
        private Instant now;

        StepClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
