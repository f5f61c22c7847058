package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.List;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.WitnessReview;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code audit verify --witness cluster|lines:FILE [--kubeconfig --context -n]}: the comparison with an
 * off-machine witness, printed one finding a line ({@code WITNESS KIND session ID: …}); exit 1 on any finding,
 * 4 when the cluster cannot be reached, 2 for bad usage.
 */
final class WitnessOptions {
    @Option(
            names = "--witness",
            paramLabel = "cluster|lines:FILE",
            description = "Also compare with an off-machine witness: the cluster's witness ConfigMaps, or the lines a"
                    + " remote sink received; names deleted, rewritten and appended sessions.")
    String witness;

    @Option(
            names = "--kubeconfig",
            description = "Kubeconfig for --witness cluster (default: KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(
            names = "--context",
            description = "Kubeconfig context for --witness cluster (default: the current context).")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            description = "Namespace of the witness objects (default: the context's namespace).")
    String namespace;

    boolean given() {
        return witness != null;
    }

    /** The cluster flags without {@code --witness cluster} would be ignored silently: a usage error instead. */
    boolean strayClusterFlags() {
        return !"cluster".equals(witness) && (kubeconfig != null || context != null || namespace != null);
    }

    /** Prints the comparison and returns its exit code. */
    int verify(List<Path> paths, CommandLine cli) {
        var out = cli.getOut();
        try {
            var verdict = WitnessReview.verify(paths, WitnessReview.parse(witness, kubeconfig, context, namespace));
            for (String finding : verdict.findings()) {
                out.println("WITNESS " + finding);
            }
            out.println((verdict.intact() ? "OK   " : "FAIL ") + verdict.summary());
            return verdict.intact() ? 0 : 1;
        } catch (SessionFailure e) {
            cli.getErr().println("audit verify --witness: " + e.getMessage());
            return e.kind().exitCode();
        }
    }
}
