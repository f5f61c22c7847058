package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread that journals while its interrupt flag is set (a cancelled GUI task, a supervisor whose tunnel was
 * just closed) still gets its record written, and the journal stays usable for every later record.
 */
class InterruptedWriterTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedThreadStillJournalsAndTheJournalStaysUsable() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir).withClock(JournalFixture.CLOCK))) {
            var session = trail.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            var failure = new Throwable[1];
            var interrupted = new boolean[1];
            Thread writer = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    session.tunnel(
                            EventType.TUNNEL_CLOSE,
                            new TunnelChange(
                                    "postgis-0", JournalFixture.TARGET.podUid(), null, "closed while interrupted"));
                } catch (AuditUnavailableException | RuntimeException e) {
                    failure[0] = e;
                }
                interrupted[0] = Thread.currentThread().isInterrupted();
            });
            writer.start();
            writer.join();

            session.end("operator ended the session");

            assertThat(failure[0]).isNull();
            assertThat(interrupted[0])
                    .as("the interrupt is left for its owner to see")
                    .isTrue();
        }
        var lines = JournalFixture.lines(JournalFixture.onlyFile(dir));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("closed while interrupted"));
        assertThat(lines.getLast()).contains("journal.seal");
        assertThat(JournalVerifier.verify(List.of(dir)).ok()).isTrue();
    }
}
