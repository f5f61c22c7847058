package org.kfm.breakglass.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.Elevation;
import org.kfm.breakglass.ui.InMemoryConsolePort;
import org.kfm.breakglass.ui.RecordingDialogs;
import org.kfm.breakglass.ui.Tone;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.TargetChoice;
import org.kfm.breakglass.ui.port.TunnelState;

class SessionViewModelTest {
    private final InMemoryConsolePort port = new InMemoryConsolePort();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private InMemoryConsolePort.Session session;
    private SessionViewModel vm;

    @BeforeEach
    void open() throws Exception {
        var target = new TargetChoice("prod", "gis-prod", "svc/postgis:5432", "gis");
        session = (InMemoryConsolePort.Session) port.start(
                target,
                new JustificationInput(
                        "Investigating the broken parcels import", "INC-1", Duration.ofMinutes(30), Mode.READ_ONLY));
        vm = new SessionViewModel(
                session,
                target,
                JustificationRules.defaults(),
                true,
                BackgroundWork.direct(),
                dialogs,
                UiThread.direct());
    }

    @Test
    void bannerShowsTheSessionFacts() {
        assertThat(vm.banner().podProperty().get()).isEqualTo("postgis-0");
        assertThat(vm.banner().ticketProperty().get()).isEqualTo("INC-1");
        assertThat(vm.banner().modeToneProperty().get()).isEqualTo(Tone.SAFE);
    }

    @Test
    void expiryMakesTheConsoleInactiveWithAClearMessage() {
        session.end(SessionEnd.EXPIRED);
        assertThat(vm.activeProperty().get()).isFalse();
        assertThat(vm.endMessageProperty().get()).contains("Session expired").contains("start a new session");
        assertThat(vm.banner().timeLeftProperty().get()).isEqualTo("EXPIRED");
        assertThat(vm.canElevateProperty().get()).isFalse();
    }

    @Test
    void theEnginesReasonReadsAsASentenceOfTheEndNotice() {
        assertThat(SessionViewModel.sentence("closed by the operator")).isEqualTo("Closed by the operator.");
        assertThat(SessionViewModel.sentence(" time box of 25s reached. ")).isEqualTo("Time box of 25s reached.");
        assertThat(SessionViewModel.sentence("tunnel failed?")).isEqualTo("Tunnel failed?");
    }

    @Test
    void reconnectingIsAnnouncedAndLaterTicksAfterTheEndAreIgnored() {
        session.tunnel(TunnelState.RECONNECTING, "pod postgis-0 replaced");
        assertThat(vm.statusProperty().get()).contains("reconnecting").contains("postgis-0 replaced");
        session.end(SessionEnd.IDLE);
        session.tick(Duration.ofMinutes(3));
        assertThat(vm.banner().timeLeftProperty().get()).isEqualTo("ENDED");
    }

    @Test
    void fiveMinutesBeforeExpiryTheOperatorIsWarnedOnce() {
        session.tick(Duration.ofMinutes(6));
        assertThat(vm.statusProperty().get()).isEmpty();
        session.tick(Duration.ofSeconds(299));
        assertThat(vm.statusProperty().get()).startsWith("About 5 minute(s) left");
        assertThat(vm.banner().timeToneProperty().get()).isEqualTo(Tone.CAUTION);
    }

    @Test
    void auditLinesArriveLive() {
        int before = vm.audit().size();
        session.recordExport("csv", 3);
        assertThat(vm.audit()).hasSize(before + 1);
        assertThat(vm.audit().getLast().type()).isEqualTo("export");
    }

    @Test
    void smokeResultsAreShownInADialog() {
        vm.runSmoke();
        assertThat(dialogs.checksShown)
                .singleElement()
                .satisfies(lines -> assertThat(lines).hasSize(4));
    }

    @Test
    void elevationWithTheTypedDatabaseTurnsTheBannerRed() {
        dialogs.elevation = Optional.of(new Elevation(
                new JustificationInput(
                        "Fix broken parcel geometry by hand now", "INC-2", Duration.ofMinutes(15), Mode.READ_WRITE),
                "gis"));
        vm.elevate();
        assertThat(vm.banner().modeToneProperty().get()).isEqualTo(Tone.DANGER);
        assertThat(vm.canElevateProperty().get()).isFalse();
    }

    @Test
    void closingNeedsConfirmation() {
        dialogs.confirmAnswer = false;
        vm.close();
        assertThat(vm.activeProperty().get()).isTrue();
        dialogs.confirmAnswer = true;
        vm.close();
        assertThat(vm.activeProperty().get()).isFalse();
        assertThat(session.auditTail().getLast().type()).isEqualTo("session.end");
    }
}
