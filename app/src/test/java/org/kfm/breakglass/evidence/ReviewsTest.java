package org.kfm.breakglass.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.audit.SessionReview;

/** Reviews journaled through the real audit trail, and what {@code audit pending} makes of a real journal. */
class ReviewsTest {

    private static final Operator ALICE = new Operator("alice", "laptop-17", "alice@kfm");
    private static final Operator CAROL = new Operator("carol", "desk-3", "carol@kfm");
    private static final AuditTarget TARGET = new AuditTarget(
            "stage", "https://api.stage.kfm:6443", "kfm-stage", "postgis", "postgis-0", "uid-1", "kfm", "bg_1");

    @TempDir
    Path dir;

    private SessionRecorder begin(AuditTrail trail, Operator who) throws Exception {
        return trail.beginSession(
                UUID.randomUUID(),
                who,
                TARGET,
                new AuditJustification("parcel 42 shows the wrong owner", "INC-1234", 900L, "read-only"));
    }

    private UUID sealedSession(AuditTrail trail, Operator who) throws Exception {
        var r = begin(trail, who);
        r.end("operator ended the session");
        return r.session();
    }

    private List<org.kfm.breakglass.audit.AuditEvent> events() throws Exception {
        return JournalReader.read(List.of(dir), Optional.empty()).events();
    }

    private SessionHistory history(UUID id) throws Exception {
        return SessionHistory.all(events()).get(id);
    }

    @Test
    void aSessionWaitsUntilSomeoneOtherThanItsOperatorReviewsIt() throws Exception {
        UUID first;
        UUID second;
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            first = sealedSession(trail, ALICE);
            second = sealedSession(trail, ALICE);
            var running = begin(trail, ALICE);
            trail.recordAfterSession(
                    Reviews.draft(history(first), CAROL, "drill", "quarterly break-glass drill", Optional.empty()),
                    CAROL);
            // Alice reviews her own session with another laptop: written straight to the trail, past the draft's
            // refusal, the way an older console or a hand-made event would.
            trail.recordAfterSession(
                    EventDraft.of(EventType.SESSION_REVIEW)
                            .withReview(new SessionReview(second, "legitimate", "all fine", null)),
                    new Operator("alice", "other-laptop", "alice@kfm"));
            running.queryBegin(org.kfm.breakglass.audit.StatementRecord.before("SELECT 1", "READ"));

            var pending = Reviews.pending(events(), java.time.Instant.now(), Duration.ofHours(24));

            assertThat(pending).singleElement().satisfies(p -> {
                assertThat(p.session().session()).isEqualTo(second);
                assertThat(p.overdue()).isFalse();
                assertThat(p.selfReviews())
                        .singleElement()
                        .satisfies(n -> assertThat(n)
                                .contains("the session's own operator")
                                .contains("does not count"));
            });
            assertThat(Reviews.valid(events(), SessionHistory.all(events())).get(first))
                    .singleElement()
                    .satisfies(e -> assertThat(e.operator()).isEqualTo(CAROL));
            running.end("operator ended the session");
        }
        assertThat(JournalVerifier.verify(List.of(dir)).ok()).isTrue();
    }

    @Test
    void aSessionIsOverdueOnceItEndedLongerAgoThanTheLimit() throws Exception {
        UUID id;
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            id = sealedSession(trail, ALICE);
        }
        var ended = history(id).ended().orElseThrow();

        var soon = Reviews.pending(events(), ended.plus(Duration.ofHours(23)), Duration.ofHours(24));
        var late = Reviews.pending(events(), ended.plus(Duration.ofHours(25)), Duration.ofHours(24));

        assertThat(soon).singleElement().satisfies(p -> assertThat(p.overdue()).isFalse());
        assertThat(late).singleElement().satisfies(p -> {
            assertThat(p.overdue()).isTrue();
            assertThat(p.waiting()).isEqualTo(Duration.ofHours(25));
        });
    }

    @Test
    void theDraftRefusesTheOperatorABadVerdictNoNoteAnUnsealedSessionAndABadHash() throws Exception {
        UUID id;
        SessionHistory running;
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            id = sealedSession(trail, ALICE);
            var r = begin(trail, CAROL);
            running = history(r.session());
            r.end("done");
        }
        var h = history(id);

        assertThatThrownBy(() -> Reviews.draft(
                        h, new Operator("al", "desk-9", "alice@kfm"), "legitimate", "ok", Optional.empty()))
                .hasMessageContaining("reviewed by someone else");
        assertThatThrownBy(() -> Reviews.draft(
                        h, new Operator("alice", "laptop-17", "svc-ci"), "legitimate", "ok", Optional.empty()))
                .hasMessageContaining("reviewed by someone else");
        assertThatThrownBy(() -> Reviews.draft(h, new Operator(null, null, null), "legitimate", "ok", Optional.empty()))
                .hasMessageContaining("reviewed by someone else");
        assertThatThrownBy(() -> Reviews.draft(h, CAROL, "fine", "ok", Optional.empty()))
                .hasMessageContaining("not one of legitimate, drill, misuse");
        assertThatThrownBy(() -> Reviews.draft(h, CAROL, "misuse", " ", Optional.empty()))
                .hasMessageContaining("a review says why");
        assertThatThrownBy(() -> Reviews.draft(running, ALICE, "legitimate", "ok", Optional.empty()))
                .hasMessageContaining("is not sealed");
        assertThatThrownBy(() -> Reviews.draft(h, CAROL, "legitimate", "ok", Optional.of("ABC")))
                .hasMessageContaining("64 lowercase hex digits");

        var draft = Reviews.draft(h, CAROL, "misuse", "read the owners table", Optional.of("0a".repeat(32)));
        assertThat(draft.review()).isEqualTo(new SessionReview(id, "misuse", "read the owners table", "0a".repeat(32)));
    }
}
