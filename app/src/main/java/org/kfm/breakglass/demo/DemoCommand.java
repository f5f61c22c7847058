package org.kfm.breakglass.demo;

import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.kfm.breakglass.session.XdgDirs;
import org.kfm.breakglass.testkit.DevCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass demo}: the main job with no cluster at hand. Starts the built-in demo cluster and opens the
 * desktop console on it; on a machine without a display (or with {@code --smoke}) it runs the seed's smoke checks
 * and a sample spatial query through a full audited session instead, and prints them.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Try the console on the built-in demo cluster: opens the GUI, or with --smoke (or no display) "
                + "runs smoke checks and a sample query through an audited session.")
public final class DemoCommand implements Callable<Integer> {
    private static final String REASON = "Trying the break-glass console on the built-in demo cluster";
    private static final String TICKET = "DEMO-1";

    private final Supplier<CommandLine> commandLine;
    private final Runnable desktopOnDemo;

    @Spec
    CommandSpec spec;

    @Option(names = "--smoke", description = "Do not open the GUI; run smoke checks and a sample query.")
    boolean smoke;

    /**
     * The composition root hands in what the demo drives, so this package needs neither the launchers nor the
     * command tree it is part of.
     *
     * @param commandLine a fresh {@code breakglass} command tree, for the smoke and query steps
     * @param desktopOnDemo opens the desktop console on the demo cluster; returns when its window closes
     */
    public DemoCommand(Supplier<CommandLine> commandLine, Runnable desktopOnDemo) {
        this.commandLine = commandLine;
        this.desktopOnDemo = desktopOnDemo;
    }

    @Override
    public Integer call() throws Exception {
        if (!smoke && !GraphicsEnvironment.isHeadless() && hasDisplay()) {
            desktopOnDemo.run();
            return 0;
        }
        var err = spec.commandLine().getErr();
        err.println("starting the demo cluster (local PostGIS + fake Kubernetes API)…");
        err.flush();
        try (DevCluster dev = DevCluster.start()) {
            Path state = XdgDirs.current().demoDir();
            Files.createDirectories(state);
            Path kubeconfig = state.resolve("kubeconfig");
            dev.writeKubeconfig(kubeconfig);
            Path policy = DemoPolicy.write(state.resolve("policy.yaml"));
            String[] common = {
                "--kubeconfig",
                kubeconfig.toString(),
                "-d",
                "kfm",
                "--reason",
                REASON,
                "--ticket",
                TICKET,
                "--audit-dir",
                state.resolve("audit").toString(),
                "--policy",
                policy.toString()
            };
            var cli = commandLine.get();
            cli.setOut(spec.commandLine().getOut());
            cli.setErr(err);
            int smokeExit = cli.execute(concat(new String[] {"smoke"}, common));
            int queryExit = cli.execute(concat(
                    new String[] {
                        "query",
                        "--sql",
                        "SELECT name, ST_AsText(geom) AS wkt, ST_SRID(geom) AS srid FROM places ORDER BY name LIMIT 5"
                    },
                    common));
            err.println("journal: " + state.resolve("audit") + "  (breakglass audit verify " + state.resolve("audit")
                    + "; while the demo cluster runs, add --witness cluster --kubeconfig " + kubeconfig + ")");
            return smokeExit != 0 ? smokeExit : queryExit;
        }
    }

    private static boolean hasDisplay() {
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        return (display != null && !display.isBlank())
                || (wayland != null && !wayland.isBlank())
                || System.getProperty("os.name", "").startsWith("Windows")
                || System.getProperty("os.name", "").startsWith("Mac");
    }

    private static String[] concat(String[] a, String[] b) {
        var all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
