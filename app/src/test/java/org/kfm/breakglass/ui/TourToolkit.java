package org.kfm.breakglass.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Starts JavaFX for the screenshot tours: on the real display when there is one ({@code DISPLAY}, e.g. under
 * {@code xvfb-run}), headless on Monocle otherwise. A {@code -Dglass.platform=…} given on the command line wins.
 */
public final class TourToolkit {
    private TourToolkit() {}

    /** Starts the toolkit and returns the platform it runs on ({@code gtk}, {@code Monocle}, …). */
    public static String start() throws Exception {
        String display = System.getenv("DISPLAY");
        boolean onScreen = System.getProperty("glass.platform") == null && display != null && !display.isBlank();
        if (!onScreen) {
            System.setProperty("glass.platform", System.getProperty("glass.platform", "Monocle"));
            System.setProperty("monocle.platform", System.getProperty("monocle.platform", "Headless"));
            System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
            System.setProperty("java.awt.headless", "true");
            System.setProperty("headless.geometry", System.getProperty("headless.geometry", "1920x1200-32"));
        }
        var started = new CompletableFuture<Void>();
        Platform.setImplicitExit(false);
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        String platform = onScreen ? "on screen (DISPLAY=" + display + ")" : "headless Monocle";
        System.err.println("screenshot tour: JavaFX " + platform);
        return platform;
    }
}
