package org.kfm.breakglass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code breakglass} with no arguments, started by the installed CLI launcher, hands the desktop console to its
 * own launcher {@code breakglass-desktop}: the CLI's heap is capped so that streaming a result stays under 300 MB
 * (ADR 0026), which is too small for the map's stores and the grid's rows of a large result.
 */
final class DesktopHandOff {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopHandOff.class);

    /** jpackage's launchers set this to their own path. */
    static final String APP_PATH = "jpackage.app-path";

    private DesktopHandOff() {}

    /** The desktop launcher beside {@code appPath} when {@code appPath} is the CLI launcher; empty otherwise. */
    static Optional<Path> desktopLauncher(String appPath) {
        if (appPath == null || appPath.isBlank()) {
            return Optional.empty();
        }
        Path launcher = Path.of(appPath);
        Path name = launcher.getFileName();
        if (name == null || !name.toString().equals("breakglass") || launcher.getParent() == null) {
            return Optional.empty();
        }
        Path desktop = launcher.resolveSibling("breakglass-desktop");
        return Files.isExecutable(desktop) ? Optional.of(desktop) : Optional.empty();
    }

    /**
     * Runs the desktop launcher with this terminal and returns its exit code; empty when it cannot start (then
     * the caller opens the console itself, with this launcher's heap).
     */
    static OptionalInt run(Path desktop) {
        LOG.info("No arguments: starting the desktop console through {}", desktop);
        try {
            return OptionalInt.of(
                    new ProcessBuilder(desktop.toString()).inheritIO().start().waitFor());
        } catch (IOException e) {
            LOG.warn("Could not start {} ({}); opening the console with this launcher's heap", desktop, e.toString());
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(130);
        }
    }
}
