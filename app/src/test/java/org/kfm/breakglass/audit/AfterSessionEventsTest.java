package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** session.review and session.reconciled: journaled after the reviewed session's seal, as events of no session. */
class AfterSessionEventsTest {

    @TempDir
    Path dir;

    private static final Operator REVIEWER = new Operator("carol", "desk-3", "carol@kfm");

    @Test
    void aReviewAfterTheSealIsChainedSentToRequiredSinksAndTheJournalStillVerifies() throws Exception {
        var remote = new FailClosedTest.SwitchableSink("siem");
        var settings = AuditSettings.localOnly(dir).withSinks(List.of(SinkBinding.required(remote)));
        try (var trail = AuditTrail.open(settings)) {
            var session = JournalFixture.runSession(trail);
            var entry = trail.recordAfterSession(
                    EventDraft.of(EventType.SESSION_REVIEW)
                            .withReview(new SessionReview(session, "legitimate", "matches INC-1234", "ab".repeat(32))),
                    REVIEWER);

            assertThat(entry.event().session()).isNull();
            assertThat(entry.event().ei()).isNull();
            assertThat(entry.event().operator()).isEqualTo(REVIEWER);
            assertThat(remote.received).last().isEqualTo(entry.line());
            assertThat(entry.line())
                    .contains("\"review\":{\"evidence\":\"" + "ab".repeat(32)
                            + "\",\"note\":\"matches INC-1234\",\"session\":\"" + session
                            + "\",\"verdict\":\"legitimate\"}")
                    .contains("\"type\":\"session.review\"");
        }
        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    @Test
    void aReconciliationRoundTripsThroughTheCanonicalForm() throws Exception {
        var summary = new ReconciliationSummary(
                java.util.UUID.randomUUID(),
                "fail",
                "1 statement ran outside the console",
                "role bg_6b1f0b6e",
                Instant.parse("2026-11-23T21:00:00.000001Z"),
                Instant.parse("2026-11-23T21:30:00Z"),
                List.of("pod gis/postgis-0"),
                12L,
                5L,
                6L,
                0L,
                1L,
                0L,
                2L,
                0L,
                "cd".repeat(32));
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var entry = trail.recordAfterSession(
                    EventDraft.of(EventType.SESSION_RECONCILED)
                            .withReconciliation(summary)
                            .withChecks(List.of(new CheckResult("UNJOURNALED", "FAIL", "SELECT secret FROM t"))),
                    REVIEWER);
            var back = CanonicalJson.parse(entry.line());
            assertThat(back.reconciliation()).isEqualTo(summary);
            assertThat(CanonicalJson.write(back, true)).isEqualTo(entry.line());
        }
        assertThat(JournalVerifier.verify(List.of(dir), Optional.empty()).ok()).isTrue();
    }

    @Test
    void refusesToJournalSessionEventsOutsideASession() throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            assertThatThrownBy(() -> trail.recordAfterSession(
                            EventDraft.of(EventType.QUERY_BEGIN)
                                    .withStatement(StatementRecord.before("SELECT 1", "READ")),
                            REVIEWER))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("query.begin");
        }
    }

    @Test
    void aRequiredSinkThatIsDownRefusesTheReviewButKeepsItLocally() throws Exception {
        var remote = new FailClosedTest.SwitchableSink("siem");
        var settings = AuditSettings.localOnly(dir).withSinks(List.of(SinkBinding.required(remote)));
        try (var trail = AuditTrail.open(settings)) {
            var session = JournalFixture.runSession(trail);
            remote.up = false;
            assertThatThrownBy(() -> trail.recordAfterSession(
                            EventDraft.of(EventType.SESSION_REVIEW)
                                    .withReview(new SessionReview(session, "misuse", "read payroll", null)),
                            REVIEWER))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("siem");
        }
        var events = JournalReader.read(List.of(dir), Optional.empty()).events();
        assertThat(events).last().extracting(AuditEvent::type).isEqualTo(EventType.SESSION_REVIEW);
    }
}
