package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest {

    @TempDir
    Path dir;

    private AuditSettings settings() {
        return AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK);
    }

    @Test
    void unfinishedSessionIsAbandonedAndSealedOnNextOpen() throws Exception {
        var session = UUID.randomUUID();
        try (var trail = AuditTrail.open(settings())) {
            var s = trail.beginSession(
                    session, JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            s.queryBegin(StatementRecord.before("SELECT 1", "READ"));
            // the console dies here: no end()
        }
        assertThat(JournalVerifier.verify(List.of(dir)).problem())
                .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(ProblemKind.UNSEALED));

        try (var trail = AuditTrail.open(settings())) {
            assertThat(trail.recovery().abandonedSessions()).containsExactly(session);
        }

        var lines = JournalFixture.lines(JournalFixture.onlyFile(dir));
        var abandoned = CanonicalJson.parse(lines.get(2));
        assertThat(abandoned.type()).isEqualTo(EventType.SESSION_ABANDONED);
        assertThat(abandoned.session()).isEqualTo(session);
        assertThat(abandoned.ei()).isEqualTo(2);
        assertThat(abandoned.operator()).isEqualTo(JournalFixture.OPERATOR);
        assertThat(CanonicalJson.parse(lines.get(3)).seal().events()).isEqualTo(3);
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    @Test
    void tornLastLineIsMovedAsideAndReported() throws Exception {
        JournalFixture.writeSession(settings());
        var file = JournalFixture.onlyFile(dir);
        var fragment = "{\"ei\":0,\"hash\":\"0123";
        Files.writeString(file, fragment, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (var trail = AuditTrail.open(settings())) {
            assertThat(trail.recovery().tornFragment()).isPresent();
            var moved = trail.recovery().tornFragment().orElseThrow();
            assertThat(moved.getFileName().toString()).startsWith(file.getFileName() + ".torn-");
            assertThat(Files.readString(moved)).isEqualTo(fragment);
        }
        var lines = JournalFixture.lines(file);
        var torn = CanonicalJson.parse(lines.getLast());
        assertThat(torn.type()).isEqualTo(EventType.JOURNAL_TORN);
        assertThat(torn.detail()).contains("torn-").contains(file.getFileName().toString());
        assertThat(JournalVerifier.verify(List.of(dir)).ok()).isTrue();
    }

    @Test
    void aSecondConsoleOnTheSameDirectoryOpensAndWritesTheSameChain() throws Exception {
        try (var first = AuditTrail.open(settings())) {
            var running = first.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            running.queryBegin(StatementRecord.before("SELECT 1", "READ"));
            try (var second = AuditTrail.open(settings())) {
                assertThat(second.recovery().clean())
                        .as(second.recovery().toString())
                        .isTrue();
                JournalFixture.runSession(second);
            }
            running.queryEnd(StatementRecord.before("SELECT 1", "READ"));
            running.end("done");
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.sessions()).isEqualTo(2);
        assertThat(report.events()).isEqualTo(15);
    }

    @Test
    void aSessionAnotherConsoleIsRunningIsNotAbandonedByThisOnesRecovery() throws Exception {
        var session = UUID.randomUUID();
        try (var first = AuditTrail.open(settings())) {
            var running = first.beginSession(
                    session, JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            running.queryBegin(StatementRecord.before("SELECT pg_sleep(60)", "READ"));

            try (var second = AuditTrail.open(settings())) {
                assertThat(second.recovery().abandonedSessions()).isEmpty();
            }
            assertThat(Files.readString(JournalFixture.onlyFile(dir))).doesNotContain("session.abandoned");

            running.queryEnd(StatementRecord.before("SELECT pg_sleep(60)", "READ"));
            running.end("done");
        }
        assertThat(Files.exists(SessionLiveness.fileOf(dir, session)))
                .as("the mark goes with the seal")
                .isFalse();
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    @Test
    void aLineThatIsNotARecordInTheMiddleIsFoundAtOpenAndReportedOnce() throws Exception {
        JournalFixture.writeSession(settings());
        var file = JournalFixture.onlyFile(dir);
        var lines = JournalFixture.lines(file);
        lines.add(4, "{\"ei\":4,\"hash\":\"12{\"ei\":5,\"seq\":5}");
        JournalFixture.writeLines(file, lines);

        try (var trail = AuditTrail.open(settings())) {
            assertThat(trail.recovery().tornFragment()).isEmpty();
            assertThat(trail.recovery().damagedLines())
                    .singleElement()
                    .satisfies(d ->
                            assertThat(d).startsWith("line 5 of " + file.getFileName() + " is not a chain record"));
        }
        var damaged = JournalFixture.lines(file).stream()
                .filter(l -> l.contains("\"type\":\"journal.damaged\""))
                .map(CanonicalJson::parse)
                .toList();
        assertThat(damaged)
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("line 5 of"));

        try (var again = AuditTrail.open(settings())) {
            assertThat(again.recovery().damagedLines()).as("reported once").isEmpty();
        }
        // Reporting does not hide it: the verifier still says where the chain is broken.
        assertThat(JournalVerifier.verify(List.of(dir)).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.EDITED);
            assertThat(p.line()).isEqualTo(5);
        });
    }

    @Test
    void aDuplicatedRecordInTheMiddleIsFoundAtOpenAsNotContinuingTheChain() throws Exception {
        JournalFixture.writeSession(settings());
        var file = JournalFixture.onlyFile(dir);
        var lines = JournalFixture.lines(file);
        lines.add(3, lines.get(2));
        JournalFixture.writeLines(file, lines);

        try (var trail = AuditTrail.open(settings())) {
            assertThat(trail.recovery().damagedLines())
                    .singleElement()
                    .satisfies(d -> assertThat(d).startsWith("line 4 of ").contains("does not continue the chain"));
        }
    }

    @Test
    void reopeningContinuesTheChain() throws Exception {
        JournalFixture.writeSession(settings());
        JournalFixture.writeSession(settings());

        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.events()).isEqualTo(20);
        assertThat(report.sessions()).isEqualTo(2);
    }
}
