package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
    void secondConsoleOnTheSameDirectoryIsToldWhoHoldsTheLock() throws Exception {
        try (var first = AuditTrail.open(settings())) {
            assertThat(first.journalDirectory()).isEqualTo(dir);
            assertThatThrownBy(() -> AuditTrail.open(settings()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another Break-Glass console")
                    .hasMessageContaining("--audit-dir");
        }
        try (var again = AuditTrail.open(settings())) {
            assertThat(again.recovery().clean()).isTrue();
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
