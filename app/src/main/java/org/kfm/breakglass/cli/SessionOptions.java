package org.kfm.breakglass.cli;

import java.nio.file.Path;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.DurationText;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.TargetChoice;
import picocli.CommandLine.Option;

/** The flags every session command shares: where to go, why, and where the audit trail lives. */
public final class SessionOptions {
    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: the current context).")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            description = "Namespace (default: the context's namespace).")
    String namespace;

    @Option(
            names = "--target",
            defaultValue = TargetChoice.DEFAULT_TARGET,
            description = "svc/NAME:PORT, pod/NAME:PORT, cnpg/NAME[:rw|ro], zalando/NAME[:master|replica] or "
                    + "crunchy/NAME[:primary|replicas] (default: ${DEFAULT-VALUE}; see breakglass targets).")
    String target;

    @Option(
            names = {"-d", "--database"},
            description = "Database to open (default: the one the target's Secret names, e.g. dbname).")
    String database;

    @Option(names = "--reason", description = "Why break-glass access is needed (policy minimum length applies).")
    String reason;

    @Option(names = "--ticket", description = "Incident or change ticket, e.g. INC-1234.")
    String ticket;

    @Option(names = "--duration", description = "Requested session length, e.g. 30m (default: the policy's).")
    String duration;

    @Option(
            names = "--audit-dir",
            description =
                    "Audit journal directory (default: the policy's, else " + "$XDG_STATE_HOME/breakglass/audit).")
    Path auditDir;

    @Option(
            names = "--policy",
            description = "Policy file (default: BREAKGLASS_POLICY, then "
                    + "$XDG_CONFIG_HOME/breakglass/policy.yaml, then built-in defaults).")
    Path policy;

    TargetChoice targetChoice() {
        return new TargetChoice(kubeconfig, context, namespace, target, database);
    }

    /** The justification as given; the session validates it against the policy (no default reason exists). */
    Justification justification(java.time.Duration policyDefault) {
        var requested = duration == null ? policyDefault : DurationText.parse(duration);
        return new Justification(reason, ticket, requested, AccessMode.READ_ONLY);
    }
}
