package org.kfm.breakglass.demo;

import java.nio.file.Path;
import org.kfm.breakglass.session.XdgDirs;
import org.kfm.breakglass.testkit.DevCluster;

/**
 * The built-in demo cluster of one desktop console: started at most once, on demand, its kubeconfig written to
 * the demo directory; closed when the console exits.
 */
public final class DemoCluster implements AutoCloseable {
    private DevCluster dev;
    private Path kubeconfig;

    /** Starts the demo cluster (once; later calls return the same kubeconfig) and returns its kubeconfig. */
    public synchronized Path start() {
        if (dev == null) {
            dev = DevCluster.start();
            kubeconfig = XdgDirs.current().demoDir().resolve("kubeconfig");
            dev.writeKubeconfig(kubeconfig);
        }
        return kubeconfig;
    }

    @Override
    public synchronized void close() {
        if (dev != null) {
            dev.close();
        }
    }
}
