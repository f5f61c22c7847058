package org.kfm.breakglass.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.XdgDirs;
import org.kfm.breakglass.testkit.DevCluster;
import org.kfm.breakglass.testkit.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass demo-cluster}: a throwaway PostGIS and a fake Kubernetes API server (with the seed's stage
 * objects and a real port-forward) until interrupted. How a newcomer or a trainer tries the console without a
 * cluster.
 */
@Command(
        name = "demo-cluster",
        mixinStandardHelpOptions = true,
        description = "Run the built-in demo cluster (local PostGIS + fake Kubernetes API) until interrupted; "
                + "prints READY <kubeconfig> when up.")
public final class DemoClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--kubeconfig-out",
            description =
                    "Where to write the demo kubeconfig (default: " + "$XDG_STATE_HOME/breakglass/demo/kubeconfig).")
    Path kubeconfigOut;

    @Option(
            names = "--pg-env-out",
            description = "Also write PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD of the "
                    + "owner role here (mode 0600), for loading training data with psql.")
    Path pgEnvOut;

    @Option(
            names = "--policy-out",
            description = "Also write a policy for sessions on the demo cluster here: the defaults plus the required"
                    + " cluster witness, which the demo cluster's RBAC supports (use it with --policy).")
    Path policyOut;

    @Option(
            names = "--shape",
            defaultValue = "all",
            description = "What the fake cluster holds: seed (svc/postgis), cnpg, zalando, crunchy, or all (the seed's"
                    + " Service and one cluster of each operator; default: ${DEFAULT-VALUE}). See breakglass targets.")
    String shape;

    @Override
    public Integer call() throws InterruptedException {
        Shape chosen;
        try {
            chosen = Shape.parse(shape);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("demo-cluster: " + e.getMessage());
            return 2;
        }
        Path kubeconfig = kubeconfigOut != null
                ? kubeconfigOut
                : XdgDirs.current().demoDir().resolve("kubeconfig");
        try (DevCluster dev = DevCluster.start(chosen)) {
            Runtime.getRuntime().addShutdownHook(new Thread(dev::close, "demo-cluster-shutdown"));
            dev.writeKubeconfig(kubeconfig);
            if (pgEnvOut != null) {
                dev.writePgEnv(pgEnvOut);
            }
            if (policyOut != null) {
                DemoPolicy.write(policyOut);
            }
            var out = spec.commandLine().getOut();
            out.println("READY " + kubeconfig.toAbsolutePath());
            out.flush();
            dev.awaitShutdown();
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("demo-cluster: " + e.getMessage());
            return 4;
        }
    }
}
