package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailClosedTest {

    @TempDir
    Path dir;

    /** A sink under the test's control: it accepts lines until told to refuse. */
    static final class SwitchableSink implements AuditSink {
        final List<String> received = new ArrayList<>();
        final String name;
        boolean up = true;

        SwitchableSink(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(String line) throws IOException {
            if (!up) {
                throw new IOException("connection refused");
            }
            received.add(line);
        }

        @Override
        public boolean healthy() {
            return up;
        }
    }

    @Test
    void requiredSinkFailureRefusesTheActionButTheDenialIsJournaledAndCaughtUpLater() throws Exception {
        var remote = new SwitchableSink("siem-webhook");
        var settings = AuditSettings.localOnly(dir).withSinks(List.of(SinkBinding.required(remote)));
        try (var trail = AuditTrail.open(settings)) {
            var s = trail.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            remote.up = false;

            var stmt = StatementRecord.before("DELETE FROM parcels", "WRITE");
            assertThatThrownBy(() -> s.queryBegin(stmt))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("siem-webhook")
                    .hasMessageContaining("connection refused")
                    .hasMessageContaining("not performed")
                    .satisfies(e -> assertThat(((AuditUnavailableException) e).failingSinks())
                            .containsExactly("siem-webhook"));
            var denied = s.recordDenied(stmt, "required audit sink siem-webhook unavailable");
            assertThat(denied.event().type()).isEqualTo(EventType.QUERY_DENIED);
            assertThat(trail.sinkStatus()).singleElement().satisfies(st -> {
                assertThat(st.healthy()).isFalse();
                assertThat(st.backlog()).isEqualTo(2);
            });

            remote.up = true;
            s.end("done");
        }

        var journal = JournalFixture.lines(JournalFixture.onlyFile(dir));
        assertThat(journal).anySatisfy(l -> assertThat(l).contains("\"type\":\"query.denied\""));
        assertThat(remote.received).containsExactlyElementsOf(journal);
        assertThat(JournalVerifier.verify(List.of(dir)).ok()).isTrue();
    }

    @Test
    void bestEffortSinkFailureDoesNotBlock() throws Exception {
        var remote = new SwitchableSink("k8s-events");
        remote.up = false;
        var settings = AuditSettings.localOnly(dir).withSinks(List.of(SinkBinding.bestEffort(remote)));
        try (var trail = AuditTrail.open(settings)) {
            JournalFixture.runSession(trail);
        }
        assertThat(JournalFixture.lines(JournalFixture.onlyFile(dir))).hasSize(10);
    }

    @Test
    void sessionCannotStartWithoutItsRequiredSinkAndIsClosedLocally() throws Exception {
        var remote = new SwitchableSink("syslog");
        remote.up = false;
        var settings = AuditSettings.localOnly(dir).withSinks(List.of(SinkBinding.required(remote)));
        try (var trail = AuditTrail.open(settings)) {
            assertThatThrownBy(() -> trail.beginSession(
                            UUID.randomUUID(),
                            JournalFixture.OPERATOR,
                            JournalFixture.TARGET,
                            JournalFixture.JUSTIFICATION))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("syslog");
        }
        var types = JournalFixture.lines(JournalFixture.onlyFile(dir)).stream()
                .map(l -> CanonicalJson.parse(l).type())
                .toList();
        assertThat(types).containsExactly(EventType.SESSION_START, EventType.SESSION_END, EventType.JOURNAL_SEAL);
        assertThat(JournalVerifier.verify(List.of(dir)).ok()).isTrue();
    }
}
