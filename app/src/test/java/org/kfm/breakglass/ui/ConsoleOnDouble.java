package org.kfm.breakglass.ui;

import org.kfm.breakglass.ui.app.ConsoleApp;

/**
 * Runs the real {@link ConsoleApp} on the in-memory engine double, for trying the UI without a cluster:
 * statements containing {@code pg_sleep} run until cancelled, {@code nosuchcolumn} fails with a position.
 */
public final class ConsoleOnDouble {
    private ConsoleOnDouble() {}

    public static void main(String[] args) {
        var port = new InMemoryConsolePort();
        port.async = true;
        ConsoleApp.launchWith(port, null, args);
    }
}
