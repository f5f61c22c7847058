package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code breakglass contexts}: the kubeconfig's contexts, current first, with server and namespace. */
@Command(
        name = "contexts",
        mixinStandardHelpOptions = true,
        description = "List kubeconfig contexts (current first). Opens no connection.")
public final class ContextsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try {
            var contexts =
                    SessionGateway.create(Optional.empty(), Optional.empty()).contexts(kubeconfig);
            out.printf("%-2s %-28s %-20s %s%n", "", "CONTEXT", "NAMESPACE", "SERVER");
            for (var context : contexts) {
                out.printf(
                        "%-2s %-28s %-20s %s%s%n",
                        context.current() ? "*" : "",
                        TerminalText.escape(context.name()),
                        TerminalText.escape(context.namespace()),
                        TerminalText.escape(context.server()),
                        context.insecureTls() ? "   (TLS NOT VERIFIED: insecure-skip-tls-verify)" : "");
            }
            return 0;
        } catch (SessionFailure e) {
            spec.commandLine().getErr().println(SessionDriver.label(e.kind()) + ": " + e.getMessage());
            return e.kind().exitCode();
        }
    }
}
