package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.ListedTarget;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass targets}: every PostgreSQL target in a namespace — plain Services and the clusters of
 * CloudNativePG, Zalando and Crunchy PGO — with the {@code --target} to paste, the pod it resolves to, the Ready
 * replicas and the Secret a login would read. Read-only: opens no tunnel, reads no Secret, journals nothing.
 */
@Command(
        name = "targets",
        mixinStandardHelpOptions = true,
        description = "List the PostgreSQL targets of a namespace (Services and operator clusters). Read-only: "
                + "no tunnel, no Secret read, nothing journaled.")
public final class TargetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: the current context).")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            description = "Namespace (default: the context's namespace).")
    String namespace;

    @Option(
            names = "--policy",
            description = "Policy file (default: BREAKGLASS_POLICY, then "
                    + "$XDG_CONFIG_HOME/breakglass/policy.yaml, then built-in defaults).")
    Path policy;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            var listing = SessionGateway.create(Optional.ofNullable(policy), Optional.empty())
                    .targets(kubeconfig, context, namespace);
            out.printf("%-14s %-34s %-22s %-28s %s%n", "KIND", "TARGET", "PRIMARY POD", "READY REPLICAS", "SECRET");
            for (ListedTarget t : listing.targets()) {
                out.printf(
                        "%-14s %-34s %-22s %-28s %s%n",
                        t.kind(),
                        TerminalText.escape(t.target()),
                        TerminalText.escape(t.primaryPod().orElse("-")),
                        t.readyReplicas().isEmpty() ? "-" : TerminalText.escape(String.join(",", t.readyReplicas())),
                        TerminalText.escape(t.secret().orElse("-")));
                t.problem().ifPresent(p -> out.println("  ! " + TerminalText.escape(p)));
            }
            if (listing.targets().isEmpty()) {
                err.println("no PostgreSQL targets in namespace " + listing.namespace() + " (context "
                        + TerminalText.escape(listing.context()) + ")");
            }
            for (String warning : listing.warnings()) {
                err.println("warning: " + TerminalText.escape(warning));
            }
            return 0;
        } catch (SessionFailure e) {
            err.println(SessionDriver.label(e.kind()) + ": " + e.getMessage());
            return e.kind().exitCode();
        }
    }
}
