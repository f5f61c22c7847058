package org.kfm.breakglass.ui.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.ui.port.TargetChoice;

class UiStateFilesTest {
    @TempDir
    Path dir;

    @Test
    void recentTargetsAreNewestFirstWithoutDuplicatesAndCapped() {
        var recent = new RecentTargets(dir);
        for (int i = 0; i < 12; i++) {
            recent.remember(new TargetChoice("ctx", "ns", "svc/postgis:5432", "db" + i), Instant.ofEpochSecond(i));
        }
        recent.remember(new TargetChoice("ctx", "ns", "svc/postgis:5432", "db5"), Instant.ofEpochSecond(100));
        var list = new RecentTargets(dir).list();
        assertThat(list).hasSize(RecentTargets.LIMIT);
        assertThat(list.getFirst().database()).isEqualTo("db5");
        assertThat(list).extracting(RecentTargets.Entry::database).doesNotHaveDuplicates();
        assertThat(dir.resolve("recent-targets.json")).exists();
    }

    @Test
    void damagedFileIsTreatedAsEmpty() throws Exception {
        Files.writeString(dir.resolve("recent-targets.json"), "{not json");
        assertThat(new RecentTargets(dir).list()).isEmpty();
    }

    @Test
    void historyIsKeptPerTarget() {
        var history = new QueryHistory(dir);
        history.add("a", "select 1", "1 rows", Instant.EPOCH);
        history.add("b", "select 2", "1 rows", Instant.EPOCH);
        history.add("a", "select 3", "ERROR 42703", Instant.EPOCH);
        assertThat(new QueryHistory(dir).list("a"))
                .extracting(QueryHistory.Entry::sql)
                .containsExactly("select 3", "select 1");
        assertThat(new QueryHistory(dir).list("b"))
                .extracting(QueryHistory.Entry::sql)
                .containsExactly("select 2");
    }
}
