package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The webhook token never leaves the Authorization header, and no record content is logged at INFO or above. */
class SecretsStayOutTest {

    private static final String TOKEN = "tok-7f3a9c1e-SECRET";
    private static final String SQL = "SELECT owner FROM parcels WHERE note = 'marker-5521'";

    @TempDir
    Path dir;

    // audit logs through System.Logger, which slf4j-jdk-platform-logging hands to Logback: capture it there.
    private final ListAppender<ILoggingEvent> capture = new ListAppender<>();
    private final List<ILoggingEvent> logged = capture.list;
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        var root = (Logger) LoggerFactory.getLogger("org.kfm.breakglass");
        previousLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.start();
        root.addAppender(capture);
    }

    @AfterEach
    void stopCapturing() {
        var root = (Logger) LoggerFactory.getLogger("org.kfm.breakglass");
        root.detachAppender(capture);
        capture.stop();
        root.setLevel(previousLevel);
    }

    @Test
    void tokenAndRecordContentsStayOutOfLogsJournalSpoolAndMessages() throws Exception {
        var journal = Files.createDirectory(dir.resolve("journal"));
        var messages = new ArrayList<String>();
        try (var endpoint = new TestEndpoint()) {
            var sink = new WebhookSink(
                    endpoint.uri(), dir.resolve("spool"), WebhookSinkTest.FAST, Optional.of(TOKEN.toCharArray()));
            messages.add(sink.name());
            var settings = AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.required(sink)));
            try (var trail = AuditTrail.open(settings)) {
                var s = trail.beginSession(
                        UUID.randomUUID(),
                        JournalFixture.OPERATOR,
                        JournalFixture.TARGET,
                        JournalFixture.JUSTIFICATION);
                endpoint.failing = true;
                var refused = catchThrowable(() -> s.queryBegin(StatementRecord.before(SQL, "READ")));
                messages.add(refused.getMessage());
                s.recordDenied(StatementRecord.before(SQL, "READ"), "webhook down");
                endpoint.failing = false;
                s.end("done");
                trail.sinkStatus().forEach(st -> messages.add(st.toString()));
            }
            assertThat(endpoint.authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
            assertThat(endpoint.bodies).isNotEmpty().noneMatch(b -> b.contains(TOKEN));
        }

        var everything = new ArrayList<String>(messages);
        try (Stream<Path> files = Files.walk(dir)) {
            for (var f : files.filter(Files::isRegularFile).toList()) {
                everything.add(Files.readString(f));
            }
        }
        for (var r : logged) {
            everything.add(r.getFormattedMessage() + " " + java.util.Arrays.toString(r.getArgumentArray()));
            if (r.getLevel().isGreaterOrEqual(Level.INFO)) {
                assertThat(r.getFormattedMessage() + java.util.Arrays.toString(r.getArgumentArray()))
                        .doesNotContain("marker-5521");
            }
        }
        assertThat(logged).isNotEmpty();
        assertThat(everything).noneMatch(s -> s != null && s.contains(TOKEN));
    }
}
