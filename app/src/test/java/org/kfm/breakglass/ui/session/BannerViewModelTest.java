package org.kfm.breakglass.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.ui.Tone;
import org.kfm.breakglass.ui.port.BannerInfo;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.TunnelState;

class BannerViewModelTest {
    private final BannerViewModel vm = new BannerViewModel();

    @Test
    void timeLeftIsMinutesAndSeconds() {
        assertThat(BannerViewModel.format(Duration.ofSeconds(29 * 60 + 5))).isEqualTo("29:05");
        assertThat(BannerViewModel.format(Duration.ofMinutes(120))).isEqualTo("120:00");
        assertThat(BannerViewModel.format(Duration.ofSeconds(-3))).isEqualTo("00:00");
    }

    @Test
    void timeLeftTurnsAmberAtFiveMinutesAndRedInTheLastMinute() {
        vm.timeLeft(Duration.ofMinutes(6));
        assertThat(vm.timeToneProperty().get()).isEqualTo(Tone.NEUTRAL);
        vm.timeLeft(Duration.ofMinutes(5));
        assertThat(vm.timeToneProperty().get()).isEqualTo(Tone.CAUTION);
        assertThat(vm.timeLeftProperty().get()).isEqualTo("05:00");
        vm.timeLeft(Duration.ofSeconds(59));
        assertThat(vm.timeToneProperty().get()).isEqualTo(Tone.DANGER);
    }

    @Test
    void readOnlyIsGreenAndReadWriteIsRed() {
        vm.show(new BannerInfo("prod", "gis", "postgis-0", "gis", Mode.READ_ONLY, "INC-1", Instant.EPOCH));
        assertThat(vm.modeToneProperty().get()).isEqualTo(Tone.SAFE);
        assertThat(vm.modeTextProperty().get()).isEqualTo("READ-ONLY");
        vm.show(new BannerInfo("prod", "gis", "postgis-0", "gis", Mode.READ_WRITE, "INC-1", Instant.EPOCH));
        assertThat(vm.modeToneProperty().get()).isEqualTo(Tone.DANGER);
        assertThat(vm.modeTextProperty().get()).isEqualTo("READ-WRITE");
    }

    @Test
    void reconnectingIsAmberAndPulsesFailedIsRed() {
        vm.tunnel(TunnelState.RECONNECTING, "pod postgis-0 replaced");
        assertThat(vm.tunnelTextProperty().get()).isEqualTo("RECONNECTING");
        assertThat(vm.tunnelToneProperty().get()).isEqualTo(Tone.CAUTION);
        assertThat(vm.pulsingProperty().get()).isTrue();
        vm.tunnel(TunnelState.FAILED, "no Ready pod");
        assertThat(vm.tunnelToneProperty().get()).isEqualTo(Tone.DANGER);
        assertThat(vm.pulsingProperty().get()).isFalse();
    }

    @Test
    void expiryReplacesTheCountdown() {
        vm.timeLeft(Duration.ofSeconds(1));
        vm.ended(SessionEnd.EXPIRED);
        assertThat(vm.timeLeftProperty().get()).isEqualTo("EXPIRED");
        assertThat(vm.tunnelProperty().get()).isEqualTo(TunnelState.CLOSED);
    }
}
