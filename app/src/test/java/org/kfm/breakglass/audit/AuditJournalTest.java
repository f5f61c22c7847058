package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJournalTest {

    @TempDir
    Path dir;

    @Test
    void writesOneCanonicalChainedLinePerEvent() throws Exception {
        var session = JournalFixture.writeSession(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK));

        var lines = JournalFixture.lines(JournalFixture.onlyFile(dir));
        assertThat(lines).hasSize(10);
        var first = CanonicalJson.parse(lines.getFirst());
        assertThat(first.type()).isEqualTo(EventType.SESSION_START);
        assertThat(first.prev()).isEqualTo(ChainHash.GENESIS);
        assertThat(first.session()).isEqualTo(session);
        assertThat(first.justification()).isEqualTo(JournalFixture.JUSTIFICATION);
        assertThat(lines.getFirst())
                .startsWith("{\"ei\":0,\"hash\":\"")
                .contains("\"time\":\"2026-11-23T21:04:05.123456Z\"")
                .doesNotContain(" :")
                .doesNotContain("null");
        for (int i = 0; i < lines.size(); i++) {
            var e = CanonicalJson.parse(lines.get(i));
            assertThat(e.seq()).isEqualTo(i);
            assertThat(e.ei()).isEqualTo(i);
            assertThat(CanonicalJson.write(e, true)).isEqualTo(lines.get(i));
            assertThat(new ChainHash().of(e.prev(), CanonicalJson.write(e, false)))
                    .isEqualTo(e.hash());
            if (i > 0) {
                assertThat(e.prev())
                        .isEqualTo(CanonicalJson.parse(lines.get(i - 1)).hash());
            }
        }
        var seal = CanonicalJson.parse(lines.getLast());
        assertThat(seal.type()).isEqualTo(EventType.JOURNAL_SEAL);
        assertThat(seal.seal().events()).isEqualTo(9);
        assertThat(seal.seal().head())
                .isEqualTo(CanonicalJson.parse(lines.get(8)).hash());
        assertThat(JournalVerifier.verify(List.of(dir)).ok()).isTrue();
    }

    @Test
    void nestedKeysAreSortedToo() throws Exception {
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK));
        var start = JournalFixture.lines(JournalFixture.onlyFile(dir)).getFirst();
        assertThat(start)
                .contains("\"operator\":{\"host\":\"laptop-17\",\"kubeUser\":\"alice@kfm\",\"osUser\":\"alice\"}");
    }
}
