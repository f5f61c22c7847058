package org.kfm.breakglass;

import org.kfm.breakglass.cli.BreakglassCommand;
import org.kfm.breakglass.cli.PolicyCommand;
import picocli.CommandLine;

/** Builds the {@code breakglass} command tree and runs it. */
final class CommandLineLauncher {
    private CommandLineLauncher() {}

    static CommandLine commandLine() {
        return new CommandLine(new BreakglassCommand())
                .addSubcommand(new PolicyCommand());
    }

    static int run(String[] args) {
        return commandLine().execute(args);
    }
}
