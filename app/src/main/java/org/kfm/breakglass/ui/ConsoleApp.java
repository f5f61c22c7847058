package org.kfm.breakglass.ui;

import java.time.Clock;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.kfm.breakglass.ui.port.ConsolePort;
import org.kfm.breakglass.ui.port.DemoClusterStarter;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;
import org.kfm.breakglass.ui.state.StateDirectory;

/**
 * The desktop console. The composition root calls {@link #launchWith(ConsolePort, DemoClusterStarter, String...)};
 * JavaFX then constructs this class itself, so the port is handed over through a static slot.
 */
public final class ConsoleApp extends Application {
    private static volatile ConsolePort port;
    private static volatile DemoClusterStarter demoStarter;
    private static volatile SpatialPreviewFactory spatial = SpatialPreviewFactory.placeholder();

    private ConsoleWindow window;

    /** Starts the GUI and blocks until its window closes. {@code demoStarter} may be null. */
    public static void launchWith(ConsolePort consolePort, DemoClusterStarter demo, String... args) {
        port = Objects.requireNonNull(consolePort, "consolePort");
        demoStarter = demo;
        Application.launch(ConsoleApp.class, args);
    }

    /** Replaces the placeholder beside result tables with the real spatial preview; call before launching. */
    public static void useSpatialPreview(SpatialPreviewFactory factory) {
        spatial = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public void start(Stage stage) {
        if (port == null) {
            throw new IllegalStateException("ConsoleApp needs a ConsolePort: start it with ConsoleApp.launchWith(port, demoStarter)");
        }
        var ui = new FxUiThread();
        var theme = new ThemeSwitch(false);
        var setup = new ConsoleSetup(port, demoStarter, ui, new VirtualThreadWork(ui), StateDirectory.resolve(),
                Clock.systemUTC(), spatial);
        var scene = new Scene(new javafx.scene.layout.StackPane(), 1360, 860);
        window = new ConsoleWindow(setup, theme, new FxDialogService(() -> scene.getWindow()));
        scene.setRoot(window.root());
        stage.setTitle("KFM Break-Glass Console");
        stage.setScene(scene);
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setOnCloseRequest(e -> {
            if (!window.mayCloseWindow()) e.consume();
        });
        window.showStart();
        stage.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
    }
}
