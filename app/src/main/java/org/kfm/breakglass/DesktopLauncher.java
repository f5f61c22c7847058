package org.kfm.breakglass;

import java.nio.file.Path;
import java.util.Optional;
import org.kfm.breakglass.cli.StandardStreams;
import org.kfm.breakglass.demo.DemoCluster;
import org.kfm.breakglass.demo.DemoPolicy;
import org.kfm.breakglass.desktop.SessionConsolePort;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.ui.app.ConsoleApp;
import org.kfm.breakglass.ui.port.DemoClusterStarter;
import org.kfm.breakglass.ui.port.PortException;
import org.kfm.breakglass.ui.spatial.ResultMapPreview;

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
            Optional<Path> policy = startDemo ? Optional.of(DemoPolicy.write()) : Optional.empty();
            gateway = SessionGateway.create(policy, Optional.empty());
        } catch (SessionFailure e) {
            StandardStreams.problem(e.getMessage());
            System.exit(e.kind().exitCode());
            return;
        }
        var port = new SessionConsolePort(gateway, kubeconfig);
        try (var demo = new DemoCluster()) {
            DemoClusterStarter starter = port.demoStarter(demo::start);
            if (startDemo) {
                try {
                    starter.start();
                } catch (PortException e) {
                    StandardStreams.problem("the demo cluster could not start: " + e.getMessage());
                    System.exit(4);
                    return;
                }
            }
            ConsoleApp.useSpatialPreview(ResultMapPreview.onVirtualThreads());
            ConsoleApp.reportFirstFrameTo(StandardStreams::firstFrame);
            ConsoleApp.launchWith(port, starter);
        }
        System.exit(0);
    }
}
