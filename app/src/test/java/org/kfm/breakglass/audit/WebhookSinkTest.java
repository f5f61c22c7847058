package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSinkTest {

    static final WebhookSink.Options FAST =
            new WebhookSink.Options(100, Duration.ofMillis(100), Duration.ofSeconds(2), 2, Duration.ofMillis(10));

    @TempDir
    Path dir;

    @Test
    void requiredWebhookOutageRefusesTheStatementAndTheSpoolCatchesUp() throws Exception {
        var journal = Files.createDirectory(dir.resolve("journal"));
        try (var endpoint = new TestEndpoint()) {
            var sink = new WebhookSink(endpoint.uri(), dir.resolve("spool"), FAST, Optional.empty());
            var settings = AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.required(sink)));
            try (var trail = AuditTrail.open(settings)) {
                var s = trail.beginSession(
                        UUID.randomUUID(),
                        JournalFixture.OPERATOR,
                        JournalFixture.TARGET,
                        JournalFixture.JUSTIFICATION);
                endpoint.failing = true;
                var stmt = StatementRecord.before("SELECT * FROM parcels", "READ");
                assertThatThrownBy(() -> s.queryBegin(stmt))
                        .isInstanceOf(AuditUnavailableException.class)
                        .hasMessageContaining("webhook http://127.0.0.1:")
                        .hasMessageContaining("HTTP 503");
                s.recordDenied(stmt, "webhook down");
                assertThat(sink.spooled()).isEqualTo(2);

                endpoint.failing = false;
                s.queryBegin(stmt);
                s.end("done");
            }
            var local = JournalFixture.lines(JournalFixture.onlyFile(journal));
            assertThat(endpoint.awaitEvents(local.size())).containsExactlyElementsOf(local);
            assertThat(endpoint.batchSizes).anySatisfy(n -> assertThat(n).isGreaterThan(1));
            assertThat(Files.readAllLines(sink.spoolFile())).isEmpty();
        }
    }

    @Test
    void spoolSurvivesAConsoleRestartAndIsReplayedInTheBackground() throws Exception {
        var journal = Files.createDirectory(dir.resolve("journal"));
        try (var endpoint = new TestEndpoint()) {
            endpoint.failing = true;
            var sink = new WebhookSink(endpoint.uri(), dir.resolve("spool"), FAST, Optional.empty());
            var settings = AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.bestEffort(sink)));
            JournalFixture.writeSession(settings);
            var local = JournalFixture.lines(JournalFixture.onlyFile(journal));
            assertThat(Files.readAllLines(sink.spoolFile())).containsExactlyElementsOf(local);
            assertThat(endpoint.events).isEmpty();

            endpoint.failing = false;
            try (var restarted = new WebhookSink(endpoint.uri(), dir.resolve("spool"), FAST, Optional.empty())) {
                assertThat(endpoint.awaitEvents(local.size())).containsExactlyElementsOf(local);
                assertThat(restarted.healthy()).isTrue();
            }
        }
    }

    @Test
    void rejectsNonHttpUrlsWithAClearMessage() {
        assertThatThrownBy(() -> new WebhookSink(java.net.URI.create("ftp://siem/audit"), dir, FAST, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s)");
    }
}
