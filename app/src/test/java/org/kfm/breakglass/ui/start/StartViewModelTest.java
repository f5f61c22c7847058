package org.kfm.breakglass.ui.start;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.InMemoryConsolePort;
import org.kfm.breakglass.ui.RecordingDialogs;
import org.kfm.breakglass.ui.state.RecentTargets;

class StartViewModelTest {
    @TempDir
    Path state;

    private final InMemoryConsolePort port = new InMemoryConsolePort();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final List<StartViewModel.Started> started = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T23:00:00Z"), ZoneOffset.UTC);

    private StartViewModel load(Runnable demo) {
        var vm = new StartViewModel(
                port,
                new RecentTargets(state),
                BackgroundWork.direct(),
                dialogs,
                demo == null ? null : demo::run,
                clock);
        vm.onStarted(started::add);
        vm.load();
        return vm;
    }

    @Test
    void currentContextComesFirstAndIsPreselectedWithItsNamespace() {
        var vm = load(null);
        assertThat(vm.contexts()).extracting(c -> c.name()).startsWith("prod-eu-west");
        assertThat(vm.contextProperty().get().name()).isEqualTo("prod-eu-west");
        assertThat(vm.namespaceProperty().get()).isEqualTo("gis-prod");
        assertThat(vm.targetProperty().get()).isEqualTo("svc/postgis:5432");
    }

    @Test
    void anEmptyDatabaseIsLeftToTheTargetsSecret() {
        var vm = load(null);
        assertThat(vm.canContinueProperty().get()).isTrue();
        vm.begin();
        assertThat(dialogs.shown).containsExactly("justification svc/postgis:5432 / the Secret's database");
        assertThat(started)
                .singleElement()
                .satisfies(s -> assertThat(s.target().database()).isEmpty());
    }

    @Test
    void loadingListsTheNamespacesTargetsAndPickingOneFillsTheForm() {
        var vm = load(null);
        assertThat(vm.targets().items()).extracting(t -> t.target()).containsExactly("svc/postgis:5432", "cnpg/gis:rw");
        assertThat(vm.targets().statusProperty().get()).startsWith("2 PostgreSQL target(s) in gis-prod");
        vm.databaseProperty().set("gis");

        vm.pick(vm.targets().items().get(1));

        assertThat(vm.targetProperty().get()).isEqualTo("cnpg/gis:rw");
        assertThat(vm.databaseProperty().get())
                .as("the Secret names the database")
                .isEmpty();
        assertThat(vm.targetMessageProperty().get()).isEmpty();
        assertThat(vm.canContinueProperty().get()).isTrue();
        assertThat(vm.choice().key()).isEqualTo("prod-eu-west/gis-prod/cnpg/gis:rw/");
    }

    @Test
    void aFailedListingSaysWhyAndLeavesTheTargetToBeTyped() {
        port.targetsProblem = "the policy does not allow break-glass sessions to context 'prod-eu-west'";
        var vm = load(null);
        assertThat(vm.targets().items()).isEmpty();
        assertThat(vm.targets().failedProperty().get()).isTrue();
        assertThat(vm.targets().statusProperty().get())
                .startsWith("The targets could not be listed: the policy does not allow")
                .contains("type a target instead");
        assertThat(vm.canContinueProperty().get()).isTrue();
    }

    @Test
    void anInvalidNamespaceListsNothing() {
        var vm = load(null);
        vm.namespaceProperty().set("GIS_prod");
        vm.listTargets();
        assertThat(vm.targets().items()).isEmpty();
        assertThat(vm.targets().statusProperty().get()).startsWith("Choose a context and a namespace");
    }

    @Test
    void malformedTargetDisablesContinueWithAnExample() {
        var vm = load(null);
        vm.databaseProperty().set("gis");
        vm.targetProperty().set("postgis");
        assertThat(vm.canContinueProperty().get()).isFalse();
        assertThat(vm.targetMessageProperty().get()).contains("svc/NAME:PORT").contains("svc/postgis:5432");
        vm.targetProperty().set("pod/postgis-0:postgres");
        assertThat(vm.canContinueProperty().get()).isTrue();
    }

    @Test
    void invalidNamespaceSaysWhatANamespaceMayContain() {
        var vm = load(null);
        vm.databaseProperty().set("gis");
        vm.namespaceProperty().set("GIS_prod");
        assertThat(vm.canContinueProperty().get()).isFalse();
        assertThat(vm.namespaceMessageProperty().get()).startsWith("Not a valid namespace name");
    }

    @Test
    void changingContextMovesAnUntouchedNamespaceToTheNewDefault() {
        var vm = load(null);
        vm.contextProperty().set(vm.contexts().get(1));
        assertThat(vm.namespaceProperty().get()).isEqualTo("gis-stage");
        vm.namespaceProperty().set("custom");
        assertThat(vm.namespaceMessageProperty().get()).isEmpty();
        vm.contextProperty().set(vm.contexts().get(0));
        assertThat(vm.namespaceProperty().get()).isEqualTo("custom");
    }

    @Test
    void cancelledJustificationStartsNoSession() {
        var vm = load(null);
        vm.databaseProperty().set("gis");
        dialogs.justification = Optional.empty();
        vm.begin();
        assertThat(started).isEmpty();
        assertThat(port.lastSession).isNull();
        assertThat(vm.statusProperty().get()).isEqualTo("No session without a justification.");
    }

    @Test
    void justifiedStartOpensTheSessionAndRemembersTheTarget() {
        var vm = load(null);
        vm.databaseProperty().set("gis");
        vm.begin();
        assertThat(started).singleElement().satisfies(s -> {
            assertThat(s.target().key()).isEqualTo("prod-eu-west/gis-prod/svc/postgis:5432/gis");
            assertThat(s.justification().ticket()).isEqualTo("INC-4711");
        });
        assertThat(vm.recent())
                .singleElement()
                .satisfies(e -> assertThat(e.lastUsed()).isEqualTo("2026-11-23T23:00:00Z"));
        assertThat(new RecentTargets(state).list())
                .extracting(RecentTargets.Entry::database)
                .containsExactly("gis");
    }

    @Test
    void missingKubeconfigOffersTheDemoClusterAndReloadsAfterIt() {
        port.problem = Optional.of("No kubeconfig at /home/op/.kube/config. Set KUBECONFIG or start the demo cluster.");
        var saved = new ArrayList<>(port.contexts);
        port.contexts.clear();
        var vm = load(() -> {
            port.problem = Optional.empty();
            port.contexts.addAll(saved);
        });
        assertThat(vm.demoOfferedProperty().get()).isTrue();
        assertThat(vm.kubeconfigProblemProperty().get()).startsWith("No kubeconfig");
        assertThat(vm.canContinueProperty().get()).isFalse();
        vm.startDemoCluster();
        assertThat(vm.demoOfferedProperty().get()).isFalse();
        assertThat(vm.contexts()).hasSize(3);
    }

    @Test
    void noDemoOfferWithoutAStarter() {
        port.problem = Optional.of("No kubeconfig");
        var vm = load(null);
        assertThat(vm.demoOfferedProperty().get()).isFalse();
    }
}
