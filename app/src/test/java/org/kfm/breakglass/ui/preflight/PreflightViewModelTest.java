package org.kfm.breakglass.ui.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.InMemoryConsolePort;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.TargetChoice;

class PreflightViewModelTest {
    private final InMemoryConsolePort port = new InMemoryConsolePort();
    private boolean opened;

    private PreflightViewModel preflight(List<CheckResult> checks) throws Exception {
        port.checks = checks;
        var handle = port.start(
                new TargetChoice("prod", "gis", "svc/postgis:5432", "gis"),
                new JustificationInput(
                        "Investigating the broken parcels import", "INC-1", Duration.ofMinutes(30), Mode.READ_ONLY));
        var vm = new PreflightViewModel(handle, BackgroundWork.direct(), UiThread.direct());
        vm.onOpened(() -> opened = true);
        vm.run();
        return vm;
    }

    @Test
    void allPassLetsTheSessionOpen() throws Exception {
        var vm = preflight(
                List.of(new CheckResult("API", Verdict.PASS, "ok"), new CheckResult("RBAC", Verdict.PASS, "ok")));
        assertThat(vm.lines()).hasSize(2);
        assertThat(vm.canOpenProperty().get()).isTrue();
        vm.open();
        assertThat(opened).isTrue();
    }

    @Test
    void aFailBlocksEvenWithAcknowledgement() throws Exception {
        var vm = preflight(List.of(
                new CheckResult("API", Verdict.PASS, "ok"),
                new CheckResult("Secret", Verdict.FAIL, "forbidden: cannot get secrets"),
                new CheckResult("TLS", Verdict.WARN, "insecure-skip-tls-verify")));
        vm.warningsAcknowledgedProperty().set(true);
        assertThat(vm.failuresProperty().get()).isEqualTo(1);
        assertThat(vm.canOpenProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).contains("1 check(s) failed");
        vm.open();
        assertThat(opened).isFalse();
    }

    @Test
    void aWarnNeedsExplicitAcknowledgementWhichIsPassedToTheEngine() throws Exception {
        var warn = new CheckResult("TLS", Verdict.WARN, "insecure-skip-tls-verify");
        var vm = preflight(List.of(new CheckResult("API", Verdict.PASS, "ok"), warn));
        assertThat(vm.canOpenProperty().get()).isFalse();
        vm.warningsAcknowledgedProperty().set(true);
        assertThat(vm.canOpenProperty().get()).isTrue();
        vm.open();
        assertThat(opened).isTrue();
        assertThat(port.lastSession.acknowledged).containsExactly(warn);
    }

    @Test
    void rerunningClearsTheAcknowledgement() throws Exception {
        var vm = preflight(List.of(new CheckResult("TLS", Verdict.WARN, "insecure")));
        vm.warningsAcknowledgedProperty().set(true);
        vm.run();
        assertThat(vm.lines()).hasSize(1);
        assertThat(vm.warningsAcknowledgedProperty().get()).isFalse();
        assertThat(vm.canOpenProperty().get()).isFalse();
    }
}
