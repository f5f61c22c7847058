package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tamper matrix: each kind of damage to a real journal is found, with the right kind and line. */
class JournalVerifierTamperTest {

    @TempDir
    Path dir;

    Path file;
    List<String> lines;

    @BeforeEach
    void writeJournal() throws Exception {
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK));
        file = JournalFixture.onlyFile(dir);
        lines = JournalFixture.lines(file);
    }

    @Test
    void intactJournalVerifies() throws Exception {
        var report = JournalVerifier.verify(List.of(file));
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.events()).isEqualTo(10);
        assertThat(report.sessions()).isEqualTo(1);
        assertThat(report.fromGenesis()).isTrue();
    }

    @Test
    void detectsOneByteEditedInsideSql() throws Exception {
        int line = indexOf("id = 42") + 1;
        lines.set(line - 1, lines.get(line - 1).replace("id = 42", "id = 43"));
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.EDITED, line);
    }

    @Test
    void detectsDeletedMiddleLine() throws Exception {
        lines.remove(4);
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.DELETED, 5);
    }

    @Test
    void detectsTwoSwappedLines() throws Exception {
        Collections.swap(lines, 4, 5);
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.REORDERED, 5);
    }

    @Test
    void detectsTailCutInsideTheLastLine() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        assertProblem(ProblemKind.TRUNCATED, 10);
    }

    @Test
    void detectsDroppedSeal() throws Exception {
        lines.removeLast();
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.UNSEALED, 1);
    }

    @Test
    void detectsTwoJournalsSplicedTogether() throws Exception {
        var other = Files.createDirectory(dir.resolve("other"));
        JournalFixture.writeSession(AuditSettings.localOnly(other).withClock(JournalFixture.CLOCK));
        var otherFile = JournalFixture.onlyFile(other);

        var report = JournalVerifier.verify(List.of(file, otherFile));

        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.SPLICED);
            assertThat(p.file()).isEqualTo(otherFile);
            assertThat(p.line()).isEqualTo(1);
        });
    }

    @Test
    void detectsALineReplacedWithAnotherValidlyHashedLine() throws Exception {
        // An attacker who recomputes the hash of an edited line still breaks the next line's prev.
        var edited = CanonicalJson.parse(lines.get(3));
        var forged = new AuditEvent(
                edited.v(),
                edited.seq(),
                edited.id(),
                edited.time(),
                edited.type(),
                edited.session(),
                edited.ei(),
                edited.operator(),
                edited.target(),
                edited.ticket(),
                edited.mode(),
                edited.justification(),
                StatementRecord.before("SELECT 1", "READ"),
                edited.tunnel(),
                edited.checks(),
                edited.detail(),
                edited.seal(),
                edited.sealKey(),
                edited.review(),
                edited.reconciliation(),
                edited.prev(),
                null);
        forged = forged.withHash(new ChainHash().of(forged.prev(), CanonicalJson.write(forged, false)));
        lines.set(3, CanonicalJson.write(forged, true));
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.EDITED, 5);
    }

    @Test
    void detectsASecondHashMemberSmuggledIntoALine() throws Exception {
        lines.set(2, lines.get(2).replace("\"id\":", "\"hash\":\"" + "0".repeat(64) + "\",\"id\":"));
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.EDITED, 3);
    }

    @Test
    void problemMessageSaysWhatHappened() throws Exception {
        lines.remove(4);
        JournalFixture.writeLines(file, lines);

        var report = JournalVerifier.verify(List.of(dir));

        assertThat(report.summary())
                .contains("BROKEN")
                .contains(":5:")
                .contains("DELETED")
                .contains("seq 5 follows seq 3");
    }

    @Test
    void detectsTheOldestLinesCut() throws Exception {
        lines.subList(0, 3).clear();
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.NOT_FROM_GENESIS, 1);
        assertThat(JournalVerifier.verify(List.of(dir)).summary())
                .contains("not at genesis")
                .contains("--partial");
    }

    @Test
    void detectsWholeEarlySessionsCut() throws Exception {
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK));
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK));
        lines = JournalFixture.lines(file);
        lines.subList(0, 20).clear(); // the first two sessions, seal to seal: what is left is one intact session
        JournalFixture.writeLines(file, lines);

        assertProblem(ProblemKind.NOT_FROM_GENESIS, 1);
    }

    @Test
    void anEmptyFileIsNotAVerifiedJournal() throws Exception {
        Files.write(file, new byte[0]);

        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.EMPTY);
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.message()).contains("holds no events").contains("nothing is verified");
        });
    }

    @Test
    void aDirectoryWithoutJournalFilesIsNotAVerifiedJournal() throws Exception {
        var empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not a journal");

        var report = JournalVerifier.verify(List.of(empty));

        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.EMPTY);
            assertThat(p.message()).contains("no journal files").contains("nothing is verified");
        });
    }

    @Test
    void aPartialCheckSaysExactlyWhatWasNotVerified() throws Exception {
        var second = JournalFixture.writeSession(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK));
        var third = JournalFixture.writeSession(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK));
        lines = JournalFixture.lines(file);
        lines.subList(0, 13).clear(); // the first session and the first 3 events of the second
        lines.removeLast(); // the third session's seal
        JournalFixture.writeLines(file, lines);

        assertThat(JournalVerifier.verify(List.of(dir)).problem())
                .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(ProblemKind.NOT_FROM_GENESIS));
        var report = JournalVerifier.verify(
                List.of(dir), VerificationOptions.complete().asPartial());

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.notVerified())
                .containsExactly(
                        "chain anchored at line 1 of " + file + ", seq 13: nothing before it is verified",
                        "session " + second + ": its first 3 events are before the anchor (line 1 of " + file + ")",
                        "session " + third + " (from line 8 of " + file
                                + ") is unsealed at the end: it is still running, or its seal is in a file not given");
        assertThat(report.summary()).contains("(partial check)").contains("NOT verified: chain anchored at line 1");
    }

    @Test
    void aForgedUnsignedChainIsSelfConsistentAndTheReportSaysSo() throws Exception {
        JournalFixture.writeLines(
                file,
                Forger.keepingSignatures()
                        .rewrite(
                                lines,
                                e -> e.stmt() != null && e.stmt().sql().contains("42")
                                        ? Forger.withStatement(e, StatementRecord.before("SELECT 1", "READ"))
                                        : e));

        var report = JournalVerifier.verify(List.of(dir));

        assertThat(report.ok())
                .as("nothing in an unsigned journal can show a rewrite")
                .isTrue();
        assertThat(report.notes())
                .containsExactly("1 seal(s) unsigned: a journal rewritten as a whole cannot be detected from the"
                        + " journal alone; compare with a remote copy or witness");
    }

    private int indexOf(String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new IllegalStateException(text + " not in journal:\n" + String.join("\n", lines));
    }

    private void assertProblem(ProblemKind kind, long line) throws Exception {
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).as(p.toString()).isEqualTo(kind);
            assertThat(p.line()).as(p.toString()).isEqualTo(line);
            assertThat(p.file()).isEqualTo(file);
        });
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isNotEmpty();
    }
}
