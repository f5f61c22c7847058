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
    void sixInvisibleResetSequencesDoNotMakeATwentyCharacterReason() {
        String sixResets = "\u001b[0m".repeat(6);
        assertThat(sixResets).hasSize(24);

        assertThat(rules.reasonProblems(sixResets))
                .singleElement()
                .asString()
                .contains("U+001B ESCAPE (\\u001b)", "at character 1", "5 more hidden character(s)", "plain text");
        assertThat(rules.reasonProblems("[0m[0m[0m[0m[0m[0m"))
                .as("what a reader sees of it is 18 characters")
                .singleElement()
                .asString()
                .contains("is 18 characters");
    }

    @Test
    void controlFormatAndBlankCharactersAreRefusedByCodePoint() {
        String base = "Replication lag on stage, need to inspect";
        var cases = new java.util.LinkedHashMap<String, String>();
        cases.put("\r", "U+000D CARRIAGE RETURN (CR) (\\r)");
        cases.put("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE (\\u202e)");
        cases.put("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE (\\u2066)");
        cases.put("\u2069", "U+2069 POP DIRECTIONAL ISOLATE (\\u2069)");
        cases.put("\u200b", "U+200B ZERO WIDTH SPACE (\\u200b)");
        cases.put("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE (\\ufeff)");
        cases.put("\u0000", "U+0000 NULL (\\u0000)");
        cases.put("\u009b", "U+009B CONTROL SEQUENCE INTRODUCER (\\u009b)");
        cases.put("\u3164", "U+3164 HANGUL FILLER (\\u3164)");
        cases.put(new String(Character.toChars(0xE0041)), "U+E0041 TAG LATIN CAPITAL LETTER A (\\U000e0041)");
        cases.forEach((hidden, named) -> {
            assertThat(rules.reasonProblems(base + hidden + " pg_stat_activity"))
                    .as("reason with %s", named)
                    .singleElement()
                    .asString()
                    .contains(named, "at character " + (base.length() + 1));
            assertThat(rules.ticketProblems("INC-" + hidden + "12"))
                    .as("ticket with %s", named)
                    .singleElement()
                    .asString()
                    .contains("the ticket contains " + named);
        });
    }

    @Test
    void onlyVisibleCharactersCountTowardsTheMinimum() {
        assertThat(rules.reasonProblems("db          broken"))
                .singleElement()
                .asString()
                .contains("is 9 characters");
        // Twenty combining marks on one letter are one character to a reader.
        assertThat(rules.reasonProblems("a" + "\u0301".repeat(25)))
                .singleElement()
                .asString()
                .contains("is 1 characters");
        assertThat(rules.reasonProblems("Ünïcödé réäsöns äré fïné tôô")).isEmpty();
        assertThat(rules.reasonProblems("A reason typed\non two lines, with a\ttab"))
                .isEmpty();
    }

    @Test
    void aTicketThatDoesNotMatchIsEchoedEscaped() {
        assertThat(rules.ticketProblems("INC-1 \u001b[2J"))
                .singleElement()
                .asString()
                .contains("U+001B ESCAPE")
                .doesNotContain("\u001b");
        assertThat(rules.ticketProblems("jira 7")).singleElement().asString().contains("ticket 'jira 7'");
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
