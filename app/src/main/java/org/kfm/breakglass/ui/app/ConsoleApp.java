package org.kfm.breakglass.ui.app;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.function.LongConsumer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.kfm.breakglass.session.XdgDirs;
import org.kfm.breakglass.ui.port.ConsolePort;
import org.kfm.breakglass.ui.port.DemoClusterStarter;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;

/**
 * The desktop console. The composition root calls {@link #launchWith(ConsolePort, DemoClusterStarter, String...)};
 * JavaFX then constructs this class itself, so the port is handed over through a static slot.
 */
public final class ConsoleApp extends Application {
    /** System property: print the time to the first frame and exit (start-up benchmark). */
    public static final String EXIT_AFTER_FIRST_FRAME = "breakglass.exitAfterFirstFrame";

    private static volatile ConsolePort port;
    private static volatile DemoClusterStarter demoStarter;
    private static volatile SpatialPreviewFactory spatial = SpatialPreviewFactory.placeholder();
    private static volatile LongConsumer firstFrameReport = ms -> {};

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

    /** Where the start-up measurement goes ({@link #EXIT_AFTER_FIRST_FRAME}); the UI prints nothing itself. */
    public static void reportFirstFrameTo(LongConsumer report) {
        firstFrameReport = Objects.requireNonNull(report, "report");
    }

    @Override
    public void start(Stage stage) {
        if (port == null) {
            throw new IllegalStateException(
                    "ConsoleApp needs a ConsolePort: start it with ConsoleApp.launchWith(port, demoStarter)");
        }
        var console = ConsoleScene.create(
                port, demoStarter, spatial, XdgDirs.current().state(), false);
        window = console.window();
        stage.setTitle("KFM Break-Glass Console");
        for (var icon : WindowIcons.onClassPath()) {
            stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
        }
        stage.setScene(console.scene());
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setOnCloseRequest(e -> {
            if (!window.mayCloseWindow()) e.consume();
        });
        if (Boolean.getBoolean(EXIT_AFTER_FIRST_FRAME)) {
            reportFirstFrame(console.scene());
        }
        stage.show();
    }

    /**
     * Start-up measurement: after the first pulse that lays out the shown window, reports the milliseconds since
     * JVM start (the launcher prints {@code FIRST_FRAME <ms>} to stderr) and quits (docs/benchmarks/startup.md).
     */
    private static void reportFirstFrame(Scene scene) {
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                if (scene.getWindow() == null || !scene.getWindow().isShowing()) {
                    return;
                }
                scene.removePostLayoutPulseListener(this);
                long ms = System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime();
                firstFrameReport.accept(ms);
                Platform.exit();
            }
        });
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
    }
}
