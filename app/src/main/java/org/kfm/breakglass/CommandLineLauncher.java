package org.kfm.breakglass;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
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

/**
 * Builds the {@code breakglass} command tree and runs it. A command line that names a subcommand gets a tree with
 * only that one: picocli builds each command's model by reflection when it is added (no lazy subcommands in
 * picocli 4), and its Java 5 class files cannot be linked into the AOT cache, so the twelve models nobody asked for
 * were about a third of a second of every start (docs/BENCHMARKS.md, "CLI start-up floor"). Anything else — no
 * subcommand, {@code --help}, a misspelt name picocli should suggest a fix for — gets the whole tree.
 */
final class CommandLineLauncher {
    /** Every subcommand by its name, in the order of the root's help; built only when asked for. */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private CommandLineLauncher() {}

    private static Map<String, Supplier<Object>> subcommands() {
        var all = new LinkedHashMap<String, Supplier<Object>>();
        all.put("contexts", ContextsCommand::new);
        all.put("targets", TargetsCommand::new);
        all.put("preflight", PreflightCommand::new);
        all.put("smoke", SmokeCommand::new);
        all.put("query", QueryCommand::new);
        all.put("connect", ConnectCommand::new);
        all.put("psql", PsqlCommand::new);
        all.put("audit", AuditCommand::new);
        all.put("evidence", EvidenceCommand::new);
        all.put("posture", PostureCommand::new);
        all.put("policy", PolicyCommand::new);
        all.put(
                "demo",
                () -> new DemoCommand(CommandLineLauncher::commandLine, () -> DesktopLauncher.launch(null, true)));
        all.put("demo-cluster", DemoClusterCommand::new);
        return Collections.unmodifiableMap(all);
    }

    /** The whole tree. */
    static CommandLine commandLine() {
        return tree(SUBCOMMANDS.keySet());
    }

    /** The tree {@code args} needs: only the subcommand they name (none for a
     * bare {@code --version}), or the whole tree. */
    static CommandLine commandLineFor(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return tree(Set.of());
        }
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0])) {
            return tree(Set.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine tree(Set<String> names) {
        var root = new CommandLine(new BreakglassCommand());
        SUBCOMMANDS.forEach((name, command) -> {
            if (names.contains(name)) {
                root.addSubcommand(command.get());
            }
        });
        // Plain text: stderr is escaped (below), which would show picocli's own colour codes as text.
        return root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
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
        var commandLine = commandLineFor(args);
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
