package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JustificationRulesTest {
    private final JustificationRules rules = Policy.defaults().justificationRules();

    @Test
    void acceptsAReasonTicketAndDurationWithinPolicy() {
        var ok = new Justification(
                "Replication lag on stage, need to inspect pg_stat_activity",
                "INC-1234",
                Duration.ofMinutes(30),
                AccessMode.READ_ONLY);

        assertThat(rules.problems(ok)).isEmpty();
    }

    @Test
    void rejectsMissingReasonShortReasonBadTicketAndTooLongDuration() {
        assertThat(rules.reasonProblems(" ")).singleElement().asString().contains("reason is required");
        assertThat(rules.reasonProblems("too short")).singleElement().asString().contains("at least 20");
        assertThat(rules.ticketProblems("inc 12")).singleElement().asString().contains("does not match");
        assertThat(rules.ticketProblems("")).singleElement().asString().contains("ticket is required");
        assertThat(rules.durationProblems(Duration.ofHours(3)))
                .singleElement()
                .asString()
                .contains("exceeds the policy maximum 2h");
    }

    @Test
    void checkListsEveryProblemAtOnce() {
        var bad = new Justification("short", "nope", Duration.ofHours(9), AccessMode.READ_ONLY);

        assertThatThrownBy(() -> rules.check(bad))
                .isInstanceOfSatisfying(
                        JustificationRejected.class,
                        e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void durationTextReadsWhatOperatorsType() {
        assertThat(DurationText.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("not a duration");
    }
}
