package org.kfm.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The command tree built for a command line: only the subcommand it names (picocli builds every added command's
 * model at start-up), the whole tree otherwise, and the same help, usage errors and exit codes either way.
 */
class CommandLineLauncherTest {
    @Test
    void theNamesOfTheLazyTableAreTheNamesTheCommandsDeclare() {
        var full = CommandLineLauncher.commandLine();

        assertThat(full.getSubcommands().keySet()).containsExactlyElementsOf(CommandLineLauncher.SUBCOMMANDS.keySet());
    }

    @Test
    void aNamedSubcommandGetsATreeWithOnlyItAndABareVersionNone() {
        assertThat(CommandLineLauncher.commandLineFor(new String[] {"query", "--sql", "select 1"})
                        .getSubcommands()
                        .keySet())
                .containsExactly("query");
        assertThat(CommandLineLauncher.commandLineFor(new String[] {"--version"})
                        .getSubcommands())
                .isEmpty();
        assertThat(CommandLineLauncher.commandLineFor(new String[] {"--help"})
                        .getSubcommands()
                        .keySet())
                .containsExactlyElementsOf(CommandLineLauncher.SUBCOMMANDS.keySet());
        assertThat(CommandLineLauncher.commandLineFor(new String[] {"qeury"})
                        .getSubcommands()
                        .keySet())
                .as("a misspelt name: the whole tree, so picocli can suggest the right one")
                .containsExactlyElementsOf(CommandLineLauncher.SUBCOMMANDS.keySet());
    }

    @Test
    void helpVersionAndUsageErrorsReadAsFromTheWholeTree() {
        var rootHelp = CliRun.run("--help");
        assertThat(rootHelp.exitCode()).isZero();
        assertThat(rootHelp.out()).contains("query", "demo-cluster", "psql", "Exit codes:");

        var version = CliRun.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("breakglass ");

        var queryHelp = CliRun.run("query", "--help");
        var usage = new java.io.StringWriter();
        CommandLineLauncher.commandLine().getSubcommands().get("query").usage(new java.io.PrintWriter(usage));
        assertThat(queryHelp.exitCode()).isZero();
        assertThat(queryHelp.out()).isEqualTo(usage.toString());

        var misspelt = CliRun.run("qeury", "--sql", "select 1");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err()).contains("qeury").contains("query");

        var badOption = CliRun.run("query", "--no-such-option");
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.err()).contains("--no-such-option").contains("Usage: breakglass query");
    }
}
