package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.AuditReview;
import org.kfm.breakglass.session.SessionFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code breakglass audit verify|show}: check and read audit journals. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Verify or read audit journals.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class})
public final class AuditCommand {

    /** Exit 0 when every chain, seal and signature is intact; 1 naming the first problem; 2 unreadable. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Check hash chains, per-session event indexes, seals and signatures across rotated files "
                    + "(exit 0 intact, 1 problem found, 2 unreadable).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "1..*", description = "Journal files or audit directories.")
        List<Path> paths;

        @Option(names = "--public-key", description = "Ed25519 public key (PEM) to check seal signatures.")
        Path publicKey;

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
                var verdict = AuditReview.verify(paths, Optional.ofNullable(publicKey));
                int exit;
                if (verdict.intact()) {
                    spec.commandLine().getOut().println("OK   " + verdict.summary());
                    exit = 0;
                } else {
                    spec.commandLine().getOut().println("FAIL " + verdict.problem());
                    spec.commandLine().getOut().println("     " + verdict.summary());
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
