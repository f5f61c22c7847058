package org.kfm.breakglass.ui.app;

import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import org.kfm.breakglass.ui.DialogService;
import org.kfm.breakglass.ui.FxUiThread;
import org.kfm.breakglass.ui.VirtualThreadWork;
import org.kfm.breakglass.ui.port.ConsolePort;
import org.kfm.breakglass.ui.port.DemoClusterStarter;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;

/**
 * The console's scene on a port, wired as production wires it (FX thread, virtual-thread work, real dialogs). One
 * builder for {@link ConsoleApp}, the end-to-end tests and the screenshot tour, so they all show the same thing.
 */
public final class ConsoleScene {
    public static final double WIDTH = 1360;
    public static final double HEIGHT = 860;

    private final Scene scene;
    private final ConsoleWindow window;
    private final ThemeSwitch theme;

    private ConsoleScene(Scene scene, ConsoleWindow window, ThemeSwitch theme) {
        this.scene = scene;
        this.window = window;
        this.theme = theme;
    }

    /** Call on the FX thread; {@code demo} may be null. Shows the start screen. */
    public static ConsoleScene create(
            ConsolePort port,
            DemoClusterStarter demo,
            SpatialPreviewFactory spatial,
            Path stateDirectory,
            boolean dark) {
        return create(port, demo, spatial, stateDirectory, dark, FxDialogService::new);
    }

    /** As {@link #create(ConsolePort, DemoClusterStarter, SpatialPreviewFactory, Path, boolean)}, with the dialogs. */
    public static ConsoleScene create(
            ConsolePort port,
            DemoClusterStarter demo,
            SpatialPreviewFactory spatial,
            Path stateDirectory,
            boolean dark,
            java.util.function.Function<java.util.function.Supplier<javafx.stage.Window>, DialogService> dialogs) {
        var ui = new FxUiThread();
        var theme = new ThemeSwitch(dark);
        var setup =
                new ConsoleSetup(port, demo, ui, new VirtualThreadWork(ui), stateDirectory, Clock.systemUTC(), spatial);
        var scene = new Scene(new StackPane(), WIDTH, HEIGHT);
        var window = new ConsoleWindow(setup, theme, dialogs.apply(scene::getWindow));
        scene.setRoot(window.root());
        window.showStart();
        return new ConsoleScene(scene, window, theme);
    }

    public Scene scene() {
        return scene;
    }

    public ConsoleWindow window() {
        return window;
    }

    public ThemeSwitch theme() {
        return theme;
    }
}
