package org.kfm.breakglass.ui.justify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.ui.port.Mode;

class JustificationViewModelTest {
    private final JustificationRules rules = new JustificationRules(
            20, Pattern.compile("^(INC|CHG)-\\d+$"), Duration.ofMinutes(30), Duration.ofMinutes(60));
    private final JustificationViewModel vm = new JustificationViewModel(rules, false);

    private void fillValid() {
        vm.reasonProperty().set("Replication lag on parcels, need to inspect locks");
        vm.ticketProperty().set("INC-1234");
    }

    @Test
    void emptyFormIsInvalidAndSaysWhatIsMissing() {
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.reasonMessageProperty().get()).contains("at least 20 characters");
        assertThat(vm.ticketMessageProperty().get())
                .contains("ticket is required")
                .contains("INC-1234");
        assertThat(vm.result()).isEmpty();
    }

    @Test
    void shortReasonIsInvalidWithTheMissingCount() {
        fillValid();
        vm.reasonProperty().set("db broken");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.reasonMessageProperty().get())
                .isEqualTo("Reason is too short: 11 more characters needed (minimum 20).");
    }

    @Test
    void reasonLengthIgnoresSurroundingWhitespace() {
        fillValid();
        vm.reasonProperty().set("   short reason here    ");
        assertThat(vm.reasonMessageProperty().get()).contains("too short");
    }

    @Test
    void ticketMustMatchThePolicyPattern() {
        fillValid();
        vm.ticketProperty().set("JIRA-99");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.ticketMessageProperty().get())
                .isEqualTo("\"JIRA-99\" is not a ticket id the policy accepts (pattern ^(INC|CHG)-\\d+$).");
        vm.ticketProperty().set("CHG-77");
        assertThat(vm.ticketMessageProperty().get()).isEmpty();
        assertThat(vm.validProperty().get()).isTrue();
    }

    @Test
    void hiddenCharactersAreRefusedWithTheEnginesOwnMessage() {
        fillValid();
        String reason = "Replication lag \u202eon parcels, need to inspect locks";
        vm.reasonProperty().set(reason);
        assertThat(vm.validProperty().get()).isFalse();
        var engine = org.kfm.breakglass.session.Policy.defaults().justificationRules();
        assertThat(vm.reasonMessageProperty().get())
                .contains("U+202E RIGHT-TO-LEFT OVERRIDE")
                .isEqualTo(capitalised(engine.reasonProblems(reason).getFirst()) + ".");

        fillValid();
        vm.ticketProperty().set("INC-\u200b1234");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.ticketMessageProperty().get()).contains("U+200B ZERO WIDTH SPACE");
    }

    @Test
    void sixEscapeSequencesAreNotTwentyCharactersInTheFormEither() {
        fillValid();
        vm.reasonProperty().set("\u001b[0m".repeat(6));
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.reasonMessageProperty().get()).contains("U+001B ESCAPE");
        vm.reasonProperty().set("a" + "\u0301".repeat(30));
        assertThat(vm.reasonCounter().get()).isEqualTo("1 / 20");
        assertThat(vm.reasonMessageProperty().get()).contains("19 more characters needed");
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Test
    void durationAboveThePolicyMaximumIsInvalid() {
        fillValid();
        vm.durationProperty().set(Duration.ofMinutes(61));
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.durationMessageProperty().get()).isEqualTo("At most 60 minutes are allowed by policy.");
        vm.durationProperty().set(Duration.ofMinutes(60));
        assertThat(vm.validProperty().get()).isTrue();
    }

    @Test
    void readWriteIsRefusedWhenThePolicyForbidsElevation() {
        fillValid();
        vm.modeProperty().set(Mode.READ_WRITE);
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.modeMessageProperty().get()).contains("does not allow read-write");
    }

    @Test
    void validFormYieldsTheTypedJustificationReadOnlyByDefault() {
        vm.reasonProperty().set("  Replication lag on parcels, need to inspect locks ");
        vm.ticketProperty().set(" INC-1234 ");
        var result = vm.result().orElseThrow();
        assertThat(result.reason()).isEqualTo("Replication lag on parcels, need to inspect locks");
        assertThat(result.ticket()).isEqualTo("INC-1234");
        assertThat(result.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(result.mode()).isEqualTo(Mode.READ_ONLY);
    }

    @Test
    void elevationNeedsTheDatabaseNameTypedExactly() {
        var elevation = JustificationViewModel.forElevation(
                new JustificationRules(
                        20, Pattern.compile("^(INC|CHG)-\\d+$"), Duration.ofMinutes(30), Duration.ofMinutes(60)),
                "gis");
        elevation.reasonProperty().set("Fix the broken parcel geometry by hand, INC-1234");
        elevation.ticketProperty().set("INC-1234");
        assertThat(elevation.modeProperty().get()).isEqualTo(Mode.READ_WRITE);
        elevation.typedDatabaseProperty().set("GIS");
        assertThat(elevation.validProperty().get()).isFalse();
        assertThat(elevation.databaseMessageProperty().get()).contains("Type the database name \"gis\"");
        elevation.typedDatabaseProperty().set("gis");
        assertThat(elevation.validProperty().get()).isTrue();
    }
}
