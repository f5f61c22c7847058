package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison with a witness, on journals written by the production code: a perfect witness (made from the
 * journal's own lines) agrees, and each kind of disagreement is named with its session — including those the
 * end-to-end test cannot stage cheaply (backdated objects, missing seal witnesses, crash recovery, other
 * workstations, malformed objects).
 */
class WitnessComparisonTest {

    private static final WitnessScope GIS = new WitnessScope("test witness", JournalFixture.TARGET.server(), "gis");

    @TempDir
    Path dir;

    @Test
    void aWitnessMadeFromTheJournalsOwnLinesAgrees() throws Exception {
        var sessions = twoSessions();

        var report = compare(witnessOf(dir), List.of());

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.compared()).isEqualTo(2);
        assertThat(report.findings()).isEmpty();
        assertThat(report.summary()).contains("2 witnessed session(s) compared");
        assertThat(report.since()).isEqualTo(JournalFixture.CLOCK.instant());
        assertThat(report.localInScope()).isEqualTo(sessions.size());
    }

    @Test
    void witnessObjectDataRoundTripsAndMalformedDataIsRefusedNamingTheField() throws Exception {
        twoSessions();
        for (var entry : witnessOf(dir)) {
            assertThat(WitnessEntries.fromData(WitnessEntries.toData(entry), null))
                    .isEqualTo(entry);
        }
        var data = new java.util.HashMap<>(WitnessEntries.toData(witnessOf(dir).getFirst()));
        data.put("hash", "not-a-hash");
        assertThatThrownBy(() -> WitnessEntries.fromData(data, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hash'");
        data.remove("kind");
        assertThatThrownBy(() -> WitnessEntries.fromData(data, null)).hasMessageContaining("no 'kind'");
    }

    @Test
    void aWitnessObjectCreatedLongAfterTheMomentItVouchesForIsBackdated() throws Exception {
        var sessions = twoSessions();
        var entries = new ArrayList<WitnessEntry>();
        for (var e : witnessOf(dir)) {
            boolean late = e.session().equals(sessions.get(1)) && e instanceof WitnessEntry.End;
            entries.add(e.witnessedAt(JournalFixture.CLOCK.instant().plus(late ? Duration.ofHours(2) : Duration.ZERO)));
        }

        var report = compare(entries, List.of());

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(WitnessFinding.Kind.BACKDATED);
            assertThat(f.session()).isEqualTo(sessions.get(1));
            assertThat(f.message()).contains("journal.seal", "written later");
        });
    }

    @Test
    void aWitnessedStartWithoutAWitnessedSealCannotVouchForTheRest() throws Exception {
        var sessions = twoSessions();
        var entries = witnessOf(dir).stream()
                .filter(e -> !(e.session().equals(sessions.get(0)) && e instanceof WitnessEntry.End))
                .toList();

        var report = compare(entries, List.of());

        assertThat(report.ok()).isFalse();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(WitnessFinding.Kind.SEAL_UNWITNESSED);
            assertThat(f.session()).isEqualTo(sessions.get(0));
        });
    }

    @Test
    void aWitnessedSealWithNoLocalSealMeansTheSessionsEventsWereCut() throws Exception {
        var sessions = twoSessions();
        var witness = witnessOf(dir);
        var file = JournalFixture.onlyFile(dir);
        var lines = JournalFixture.lines(file);
        // Cut the last session inside: its end and seal go, the rest of it stays.
        JournalFixture.writeLines(file, lines.subList(0, lines.size() - 2));

        var report = compare(witness, List.of());

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(WitnessFinding.Kind.TRUNCATED);
            assertThat(f.session()).isEqualTo(sessions.get(1));
            assertThat(f.message()).contains("events were cut");
        });
    }

    @Test
    void aCrashRecoveredSessionIsReportedEvenWhenItsRecoveredSealWasWitnessed() throws Exception {
        var settings = AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK);
        var crashed = UUID.randomUUID();
        try (var trail = AuditTrail.open(settings)) {
            var s = trail.beginSession(
                    crashed, JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            s.queryBegin(StatementRecord.before("SELECT 1", "READ"));
            // the console dies here
        }
        try (var trail = AuditTrail.open(settings)) {
            assertThat(trail.recovery().abandonedSessions()).containsExactly(crashed);
        }

        var report = compare(witnessOf(dir), List.of());

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(WitnessFinding.Kind.RECOVERED);
            assertThat(f.session()).isEqualTo(crashed);
            assertThat(f.message()).contains("crash recovery");
        });
    }

    @Test
    void sessionsOfOtherWorkstationsAreCountedButNotCalledDeleted() throws Exception {
        twoSessions();
        var entries = new ArrayList<>(witnessOf(dir));
        var foreign = UUID.randomUUID();
        entries.add(new WitnessEntry.Start(
                foreign,
                3,
                "ab".repeat(32),
                JournalFixture.CLOCK.instant(),
                JournalFixture.TARGET.server(),
                "gis",
                "bob",
                "laptop-9",
                "bob@kfm",
                "INC-9",
                null));

        var report = compare(entries, List.of());

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.otherWorkstations()).containsEntry("bob@laptop-9", 1);
        assertThat(report.summary()).contains("not compared (other workstations): bob@laptop-9 (1)");
    }

    @Test
    void aWitnessThatHoldsNothingOfAJournalInItsScopeVouchesForNothing() throws Exception {
        twoSessions();

        var report = compare(List.of(), List.of());

        assertThat(report.ok()).isFalse();
        assertThat(report.summary()).contains("nothing vouched for");
        var elsewhere = WitnessComparison.compare(
                List.of(dir), List.of(), List.of(), new WitnessScope("other namespace", null, "elsewhere"));
        assertThat(elsewhere.ok()).as(elsewhere.summary()).isTrue();
    }

    @Test
    void malformedWitnessObjectsAreFindings() throws Exception {
        twoSessions();

        var report = compare(witnessOf(dir), List.of("ConfigMap breakglass-seal-x: no 'head'"));

        assertThat(report.ok()).isFalse();
        assertThat(report.findings())
                .singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(WitnessFinding.Kind.MALFORMED));
    }

    @Test
    void aRemoteCopyWithSyslogHeadersIsReadAndAnEditedLineInItIsMalformed() throws Exception {
        var sessions = twoSessions();
        var local = JournalFixture.lines(JournalFixture.onlyFile(dir));
        var remote = new ArrayList<String>();
        for (var line : local) {
            remote.add("<85>1 2026-11-23T21:04:05.123456Z laptop-17 breakglass - audit - " + line);
        }
        remote.add("an unrelated message from another program");
        var copy = Files.write(dir.resolveSibling(dir.getFileName() + "-received.log"), remote);

        var read = WitnessLines.read(copy);
        assertThat(read.entries()).hasSize(4);
        assertThat(read.malformed()).isEmpty();
        assertThat(compare(read.entries(), read.malformed()).ok()).isTrue();

        remote.set(0, remote.get(0).replace("wrong owner", "right owner"));
        Files.write(copy, remote);
        var edited = WitnessLines.read(copy);
        assertThat(edited.malformed())
                .singleElement()
                .satisfies(m -> assertThat(m).contains("line 1", "does not match its hash"));
        // The damaged start is not evidence; the session's witnessed seal still vouches for it (its head chains
        // back through every earlier line), so the only finding is the damaged copy itself.
        var report = compare(edited.entries(), edited.malformed());
        assertThat(report.findings()).extracting(WitnessFinding::kind).containsExactly(WitnessFinding.Kind.MALFORMED);
        assertThat(report.compared()).isEqualTo(sessions.size());
    }

    private List<UUID> twoSessions() throws Exception {
        var settings = AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK);
        try (var trail = AuditTrail.open(settings)) {
            return List.of(JournalFixture.runSession(trail), JournalFixture.runSession(trail));
        }
    }

    private WitnessReport compare(List<WitnessEntry> entries, List<String> malformed) throws Exception {
        return WitnessComparison.compare(List.of(dir), entries, malformed, GIS);
    }

    /** The witness a perfect remote copy would hold: an entry per start and seal line of the journal. */
    private static List<WitnessEntry> witnessOf(Path journal) throws Exception {
        var entries = new ArrayList<WitnessEntry>();
        for (var line : JournalFixture.lines(JournalFixture.onlyFile(journal))) {
            WitnessEntries.fromLine(line).ifPresent(entries::add);
        }
        return entries;
    }
}
