package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.SessionFailure;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the after-session commands share: the journal directory (else the policy's), the policy, the cluster. */
public final class AfterSessionOptions {
    @Parameters(
            paramLabel = "DIR",
            arity = "0..1",
            description = "Audit directory (default: the policy's audit.dir, else $XDG_STATE_HOME/breakglass/audit).")
    Path dir;

    @Option(
            names = "--policy",
            description = "Policy file (default: BREAKGLASS_POLICY, then $XDG_CONFIG_HOME/breakglass/policy.yaml).")
    Path policy;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: the session's, else the current one).")
    String context;

    AfterSession afterSession() throws SessionFailure {
        return AfterSession.create(Optional.ofNullable(policy), Optional.ofNullable(dir));
    }

    Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    Optional<Path> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
    }

    Optional<String> context() {
        return Optional.ofNullable(context);
    }
}
