package org.kfm.breakglass.ui.port;

/**
 * Starts the built-in demo cluster and points the kubeconfig at it, so {@link ConsolePort#contexts()} becomes usable.
 * Blocks until ready; the UI calls it off the FX thread.
 */
@FunctionalInterface
public interface DemoClusterStarter {
    void start() throws PortException;
}
