package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.AuditReview;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code breakglass audit verify|show|reconcile|review|pending}: check, read and follow up audit journals. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Verify or read audit journals; reconcile, review and list sessions awaiting review.",
        subcommands = {
            AuditCommand.Verify.class,
            AuditCommand.Show.class,
            AuditReconcileCommand.class,
            AuditReviewCommand.class,
            AuditPendingCommand.class
        })
public final class AuditCommand {

    /**
     * Exit 0 when every chain, seal and signature is intact (for {@code --partial}: in the range given, with what
     * was not verified listed); 1 naming the first problem, including a journal that does not start at genesis and
     * one with no events; 2 when a path or key cannot be read.
     */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Check hash chains from genesis, per-session event indexes, seals and every seal signature"
                    + " across rotated files (exit 0 intact, 1 problem found, 2 unreadable).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "1..*", description = "Journal files or audit directories.")
        List<Path> paths;

        @Option(
                names = "--public-key",
                description = "Ed25519 public key (PEM or DER) every seal must be signed with; repeat for keys in use"
                        + " over time (default: the policy's audit.seal.publicKey, else the key the journal records).")
        List<Path> publicKeys = new ArrayList<>();

        @Option(names = "--policy", description = "Policy file (default: BREAKGLASS_POLICY, then XDG config).")
        Path policy;

        @Option(
                names = "--partial",
                description = "Check only the range given: a chain that does not start at genesis, sessions cut off"
                        + " at its start and unsealed at its end are listed as NOT verified instead of failing.")
        boolean partial;

        @Mixin
        WitnessOptions witness;

        @Override
        public Integer call() {
            if (witness.strayClusterFlags()) {
                spec.commandLine()
                        .getErr()
                        .println("audit verify: --kubeconfig, --context and --namespace belong to --witness cluster");
                return 2;
            }
            try {
                var verdict = AuditReview.verify(paths, publicKeys, Optional.ofNullable(policy), partial);
                int exit;
                if (verdict.intact()) {
                    spec.commandLine()
                            .getOut()
                            .println((partial ? "OK (partial) " : "OK   ") + TerminalText.escape(verdict.summary()));
                    exit = 0;
                } else {
                    spec.commandLine().getOut().println("FAIL " + TerminalText.escape(verdict.problem()));
                    exit = 1;
                }
                return witness.given() ? Math.max(exit, witness.verify(paths, spec.commandLine())) : exit;
            } catch (SessionFailure e) {
                spec.commandLine().getErr().println("audit verify: " + e.getMessage());
                return 2;
            }
        }
    }

    /** Prints the events as a table or JSON lines, optionally one session only. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print journal events for humans.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "1..*", description = "Journal files or audit directories.")
        List<Path> paths;

        @Option(names = "--session", description = "Only this session id.")
        String session;

        @Option(names = "--format", defaultValue = "table", description = "table or json.")
        String format;

        @Override
        public Integer call() {
            if (!format.equals("table") && !format.equals("json")) {
                spec.commandLine().getErr().println("audit show: --format must be table or json");
                return 2;
            }
            try {
                spec.commandLine()
                        .getOut()
                        .println(AuditReview.show(paths, Optional.ofNullable(session), format.equals("json")));
                return 0;
            } catch (SessionFailure e) {
                spec.commandLine().getErr().println("audit show: " + e.getMessage());
                return 2;
            }
        }
    }
}
