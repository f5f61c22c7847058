package org.kfm.breakglass;

import java.io.PrintWriter;
import org.kfm.breakglass.cli.AuditCommand;
import org.kfm.breakglass.cli.BreakglassCommand;
import org.kfm.breakglass.cli.ConnectCommand;
import org.kfm.breakglass.cli.ContextsCommand;
import org.kfm.breakglass.cli.EvidenceCommand;
import org.kfm.breakglass.cli.PolicyCommand;
import org.kfm.breakglass.cli.PostureCommand;
import org.kfm.breakglass.cli.PreflightCommand;
import org.kfm.breakglass.cli.PsqlCommand;
import org.kfm.breakglass.cli.QueryCommand;
import org.kfm.breakglass.cli.SmokeCommand;
import org.kfm.breakglass.cli.StandardStreams;
import org.kfm.breakglass.cli.TargetsCommand;
import org.kfm.breakglass.demo.DemoClusterCommand;
import org.kfm.breakglass.demo.DemoCommand;
import org.kfm.breakglass.text.TerminalWriter;
import picocli.CommandLine;

/** Builds the {@code breakglass} command tree and runs it. */
final class CommandLineLauncher {
    private CommandLineLauncher() {}

    static CommandLine commandLine() {
        return new CommandLine(new BreakglassCommand())
                .addSubcommand(new ContextsCommand())
                .addSubcommand(new TargetsCommand())
                .addSubcommand(new PreflightCommand())
                .addSubcommand(new SmokeCommand())
                .addSubcommand(new QueryCommand())
                .addSubcommand(new ConnectCommand())
                .addSubcommand(new PsqlCommand())
                .addSubcommand(new AuditCommand())
                .addSubcommand(new EvidenceCommand())
                .addSubcommand(new PostureCommand())
                .addSubcommand(new PolicyCommand())
                .addSubcommand(
                        new DemoCommand(CommandLineLauncher::commandLine, () -> DesktopLauncher.launch(null, true)))
                .addSubcommand(new DemoClusterCommand())
                // Plain text: stderr is escaped (below), which would show picocli's own colour codes as text.
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }

    static int run(String[] args) {
        return run(args, StandardStreams.out(), StandardStreams.err());
    }

    /**
     * Runs the command tree with these streams. Everything written to stderr — progress, every error message,
     * picocli's usage errors — passes through {@link TerminalWriter}, so a name, reason or server message with
     * control or bidi characters cannot drive the operator's terminal.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        var commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(new PrintWriter(new TerminalWriter(err), true));
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getErr().flush();
            out.flush();
        }
    }
}
