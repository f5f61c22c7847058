package org.kfm.breakglass;

import java.nio.file.Path;
import java.util.Optional;
import org.kfm.breakglass.desktop.SessionConsolePort;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.XdgDirs;
import org.kfm.breakglass.testkit.DevCluster;
import org.kfm.breakglass.ui.ConsoleApp;
import org.kfm.breakglass.ui.port.PortException;

/**
 * Opens the desktop console on the engine. The policy is read first: a malformed policy stops the console with
 * its file and line, rather than a window that would fall back to defaults.
 */
final class DesktopLauncher {
    private DesktopLauncher() {}

    static void launch(String[] args) {
        launch(null, false);
    }

    /**
     * @param kubeconfig the kubeconfig to start with (null: KUBECONFIG or ~/.kube/config)
     * @param startDemo  start the built-in demo cluster first and point the console at it
     */
    static void launch(Path kubeconfig, boolean startDemo) {
        SessionGateway gateway;
        try {
            // The demo runs under its own policy (with the cluster witness its RBAC supports), not the organisation's.
            Optional<Path> policy = startDemo
                    ? Optional.of(DemoPolicy.write(
                            XdgDirs.current().state().resolve("demo").resolve("policy.yaml")))
                    : Optional.empty();
            gateway = SessionGateway.create(policy, Optional.empty());
        } catch (SessionFailure e) {
            System.err.println("breakglass: " + e.getMessage());
            System.exit(e.kind().exitCode());
            return;
        }
        var port = new SessionConsolePort(gateway, kubeconfig);
        var demo = new DemoClusterLauncher(port);
        if (startDemo) {
            try {
                demo.start();
            } catch (PortException e) {
                System.err.println("breakglass: the demo cluster could not start: " + e.getMessage());
                System.exit(4);
                return;
            }
        }
        ConsoleApp.useSpatialPreview(SpatialPreviews.factory());
        ConsoleApp.launchWith(port, demo);
        demo.close();
        System.exit(0);
    }

    /** Starts one demo cluster for this process and points the console at its kubeconfig. */
    static final class DemoClusterLauncher implements org.kfm.breakglass.ui.port.DemoClusterStarter {
        private final SessionConsolePort port;
        private DevCluster dev;

        DemoClusterLauncher(SessionConsolePort port) {
            this.port = port;
        }

        @Override
        public synchronized void start() throws PortException {
            if (dev != null) {
                return;
            }
            try {
                dev = DevCluster.start();
                Path kubeconfig = XdgDirs.current().state().resolve("demo").resolve("kubeconfig");
                dev.writeKubeconfig(kubeconfig);
                port.useKubeconfig(kubeconfig);
            } catch (RuntimeException e) {
                throw new PortException(e.getMessage(), e);
            }
        }

        synchronized void close() {
            if (dev != null) {
                dev.close();
            }
        }
    }
}
