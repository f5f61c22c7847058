package org.kfm.breakglass.ui.app;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Parent;
import javafx.scene.layout.StackPane;
import org.kfm.breakglass.ui.DialogService;
import org.kfm.breakglass.ui.console.HistoryViewModel;
import org.kfm.breakglass.ui.console.QueryTabViewModel;
import org.kfm.breakglass.ui.preflight.PreflightView;
import org.kfm.breakglass.ui.preflight.PreflightViewModel;
import org.kfm.breakglass.ui.results.ResultExport;
import org.kfm.breakglass.ui.schema.SchemaViewModel;
import org.kfm.breakglass.ui.session.SessionView;
import org.kfm.breakglass.ui.session.SessionViewModel;
import org.kfm.breakglass.ui.start.StartView;
import org.kfm.breakglass.ui.start.StartViewModel;
import org.kfm.breakglass.ui.state.QueryHistory;
import org.kfm.breakglass.ui.state.RecentTargets;

/** The console's one window and its flow: start → justification → preflight → session → start. */
public final class ConsoleWindow {
    private final ConsoleSetup setup;
    private final ThemeSwitch theme;
    private final DialogService dialogs;
    private final StackPane root = new StackPane();
    private final RecentTargets recent;
    private final QueryHistory history;
    private SessionViewModel session;

    public ConsoleWindow(ConsoleSetup setup, ThemeSwitch theme, DialogService dialogs) {
        this.setup = setup;
        this.theme = theme;
        this.dialogs = dialogs;
        this.recent = new RecentTargets(setup.stateDirectory());
        this.history = new QueryHistory(setup.stateDirectory());
        root.setId("console-root");
        root.getStylesheets().add(ConsoleWindow.class.getResource("console.css").toExternalForm());
    }

    public Parent root() {
        return root;
    }

    public void showStart() {
        session = null;
        var vm = new StartViewModel(setup.port(), recent, setup.work(), dialogs, setup.demoStarter(), setup.clock());
        vm.onStarted(this::showPreflight);
        root.getChildren().setAll(new StartView(vm, theme.toggle()));
        vm.load();
    }

    private void showPreflight(StartViewModel.Started started) {
        var vm = new PreflightViewModel(started.handle(), setup.work(), setup.ui());
        vm.onOpened(() -> showSession(started));
        vm.onAbandoned(this::showStart);
        root.getChildren()
                .setAll(new PreflightView(
                        vm, started.target(), started.justification().ticket(), theme.toggle()));
        vm.run();
    }

    private void showSession(StartViewModel.Started started) {
        var handle = started.handle();
        session = new SessionViewModel(
                handle,
                started.target(),
                started.rules(),
                started.writeElevationAllowed(),
                setup.work(),
                dialogs,
                setup.ui());
        session.onClosed(this::showStart);
        var historyVm = new HistoryViewModel(history, started.target().key(), setup.work(), setup.clock());
        var tabs = new AtomicInteger();
        // A map still showing when the session ends (close, window close, expiry) is journaled by the end itself.
        var maps = new org.kfm.breakglass.ui.console.OpenMaps(setup.ui());
        handle.journalMapViewsAtEnd(maps::takeViews);
        var parts = new SessionView.Parts(
                session,
                new SchemaViewModel(handle, setup.work()),
                historyVm,
                () -> maps.add(new QueryTabViewModel(
                        "Query " + tabs.incrementAndGet(), handle, setup.work(), setup.ui(), historyVm)),
                new ResultExport(handle, setup.port().exportWriter(), dialogs, setup.work()),
                setup.spatial());
        root.getChildren().setAll(new SessionView(parts, theme.toggle()));
    }

    /** Whether closing the window may go ahead: with an open session the operator confirms first. */
    public boolean mayCloseWindow() {
        return session == null
                || !session.activeProperty().get()
                || dialogs.confirm("Quit", "A session is open. Quitting closes it (the close is audited). Quit?");
    }

    /** On exit: an open session is closed (and so sealed) rather than abandoned. */
    public void shutdown() {
        if (session != null && session.activeProperty().get()) {
            session.handle().close();
        }
    }
}
