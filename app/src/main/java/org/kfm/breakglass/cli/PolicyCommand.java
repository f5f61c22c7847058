package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.PolicyException;
import org.kfm.breakglass.session.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code breakglass policy show|check}: what rules are in force, and whether a policy file is valid. */
@Command(
        name = "policy",
        description = "Show the policy in force or check a policy file.",
        subcommands = {PolicyCommand.Show.class, PolicyCommand.Check.class})
public final class PolicyCommand {

    /** Prints the effective policy (defaults filled in) and where it came from. */
    @Command(name = "show", description = "Print the policy in force, with every default filled in.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--policy", description = "Policy file (default: BREAKGLASS_POLICY, then XDG config).")
        Path policy;

        @Override
        public Integer call() {
            var loader = new PolicyLoader();
            try {
                var loaded = loader.load(Optional.ofNullable(policy), System.getenv());
                spec.commandLine().getOut().println("# source: " + loaded.source());
                spec.commandLine().getOut().print(loader.render(loaded.policy()));
                return 0;
            } catch (PolicyException e) {
                spec.commandLine().getErr().println("policy: " + e.getMessage());
                return 2;
            }
        }
    }

    /** Validates a policy file; exit 0 when valid, 2 with the line of the problem otherwise. */
    @Command(name = "check", description = "Validate a policy file (exit 0 valid, 2 malformed).")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            try {
                new PolicyLoader().read(file);
                spec.commandLine().getOut().println("OK   " + file + " is a valid policy");
                return 0;
            } catch (PolicyException e) {
                spec.commandLine().getErr().println("FAIL " + e.getMessage());
                return 2;
            }
        }
    }
}
