package org.kfm.breakglass;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kfm.breakglass.session.XdgDirs;

/**
 * The launcher: no arguments opens the desktop console, arguments run the CLI. Sets where the diagnostic log
 * goes before Logback starts, so the log always lands in the XDG state dir and never in the install dir.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        prepareDiagnosticLog();
        if (args.length == 0) {
            DesktopLauncher.launch(args);
            return;
        }
        System.exit(CommandLineLauncher.run(args));
    }

    static void prepareDiagnosticLog() {
        if (System.getProperty("breakglass.logDir") != null) {
            return;
        }
        Path logDir = XdgDirs.current().logDir();
        try {
            Files.createDirectories(logDir);
        } catch (java.io.IOException e) {
            logDir = Path.of(System.getProperty("java.io.tmpdir"), "breakglass-logs");
        }
        System.setProperty("breakglass.logDir", logDir.toString());
    }
}
