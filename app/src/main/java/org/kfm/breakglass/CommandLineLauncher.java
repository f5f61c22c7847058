package org.kfm.breakglass;

import org.kfm.breakglass.cli.AuditCommand;
import org.kfm.breakglass.cli.BreakglassCommand;
import org.kfm.breakglass.cli.ContextsCommand;
import org.kfm.breakglass.cli.PolicyCommand;
import org.kfm.breakglass.cli.PostureCommand;
import org.kfm.breakglass.cli.PreflightCommand;
import org.kfm.breakglass.cli.QueryCommand;
import org.kfm.breakglass.cli.SmokeCommand;
import picocli.CommandLine;

/** Builds the {@code breakglass} command tree and runs it. */
final class CommandLineLauncher {
    private CommandLineLauncher() {}

    static CommandLine commandLine() {
        return new CommandLine(new BreakglassCommand())
                .addSubcommand(new ContextsCommand())
                .addSubcommand(new PreflightCommand())
                .addSubcommand(new SmokeCommand())
                .addSubcommand(new QueryCommand())
                .addSubcommand(new AuditCommand())
                .addSubcommand(new PostureCommand())
                .addSubcommand(new PolicyCommand())
                .addSubcommand(new DemoCommand())
                .addSubcommand(new DemoClusterCommand());
    }

    static int run(String[] args) {
        return commandLine().execute(args);
    }
}
