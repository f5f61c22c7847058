package org.kfm.breakglass;

import java.nio.file.Path;
import org.kfm.breakglass.session.XdgDirs;

/**
 * The launcher: no arguments opens the desktop console, arguments run the CLI. Sets where the diagnostic log
 * goes before Logback starts, so the log always lands in the XDG state dir (a {@code 0700} directory, see
 * {@link DiagnosticLogDirectory}) and never in the install dir.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        prepareDiagnosticLog();
        AotCacheUse.report();
        if (args.length == 0) {
            var desktop = DesktopHandOff.desktopLauncher(System.getProperty(DesktopHandOff.APP_PATH));
            var handedOff = desktop.map(DesktopHandOff::run).orElse(java.util.OptionalInt.empty());
            if (handedOff.isPresent()) {
                System.exit(handedOff.getAsInt());
            }
            DesktopLauncher.launch(args);
            return;
        }
        System.exit(CommandLineLauncher.run(args));
    }

    static void prepareDiagnosticLog() {
        String given = System.getProperty("breakglass.logDir");
        Path logDir = DiagnosticLogDirectory.prepare(given == null ? null : Path.of(given), XdgDirs.current());
        System.setProperty("breakglass.logDir", logDir.toString());
    }
}
