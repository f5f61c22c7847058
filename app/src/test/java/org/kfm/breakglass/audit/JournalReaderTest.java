package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReaderTest {

    @TempDir
    Path dir;

    @Test
    void showsOneSessionAsTableAndAsTheJournaledJson() throws Exception {
        var first = JournalFixture.writeSession(AuditSettings.localOnly(dir));
        JournalFixture.writeSession(AuditSettings.localOnly(dir));

        var result = JournalReader.read(List.of(dir), Optional.of(first));

        assertThat(result.unreadable()).isEmpty();
        assertThat(result.events()).hasSize(10).allMatch(e -> first.equals(e.session()));
        var table = AuditShow.render(result.events(), AuditShow.Format.TABLE);
        assertThat(table.lines()).hasSize(11);
        assertThat(table)
                .contains("query.begin")
                .contains("READ: SELECT owner FROM parcels WHERE id = 42")
                .contains("9 events, head");
        var json = AuditShow.render(result.events(), AuditShow.Format.JSON);
        assertThat(json.lines().toList())
                .containsExactlyElementsOf(
                        JournalFixture.lines(JournalFixture.onlyFile(dir)).subList(0, 10));
    }

    @Test
    void reportsUnreadableLinesWithTheirPlace() throws Exception {
        JournalFixture.writeSession(AuditSettings.localOnly(dir));
        var file = JournalFixture.onlyFile(dir);
        var lines = JournalFixture.lines(file);
        lines.set(2, "{not json");
        JournalFixture.writeLines(file, lines);

        var result = JournalReader.read(List.of(file), Optional.empty());

        assertThat(result.events()).hasSize(9);
        assertThat(result.unreadable()).singleElement().asString().contains(":3: not valid JSON");
    }
}
