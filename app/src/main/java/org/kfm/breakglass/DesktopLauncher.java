package org.kfm.breakglass;

/** Opens the desktop console (wired once the UI lands). */
final class DesktopLauncher {
    private DesktopLauncher() {}

    static void launch(String[] args) {
        System.exit(CommandLineLauncher.run(new String[] {"--help"}));
    }
}
