package org.kfm.breakglass.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.SessionFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass psql}: {@code connect}, then the system psql against the session's socket; the session ends
 * when psql exits. psql's own exit code is reported; the command exits 0 when psql did, 4 when psql could not
 * connect (its 2), else 5. A missing psql is refused before anything opens (exit 4, naming the package).
 */
@Command(
        name = "psql",
        mixinStandardHelpOptions = true,
        description = "Run the system psql in an audited break-glass session (arguments after -- go to psql).")
public final class PsqlCommand implements Callable<Integer> {
    /** The Debian package that has psql, for the error when it is missing. */
    static final String PSQL_PACKAGE = "postgresql-client-15";

    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Mixin
    EndpointOptionsMixin endpoint;

    @Option(names = "--psql", description = "The psql program to run (default: psql on PATH).")
    Path psqlProgram;

    @Parameters(description = "Arguments for psql (after --), e.g. -- -f script.sql or -- -c 'select 1'.")
    List<String> psqlArguments = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path psql;
        try {
            endpoint.checkUsage();
            psql = psqlProgram != null
                    ? executable(psqlProgram).orElseThrow(() -> missing(psqlProgram.toString()))
                    : onPath();
        } catch (SessionFailure e) {
            err.println(SessionDriver.label(e.kind()) + ": " + e.getMessage());
            return e.kind().exitCode();
        }
        return new SessionDriver(session, err).run(endpoint.acknowledgeWarnings, open -> {
            endpoint.elevateIfAsked(open, err);
            int psqlExit;
            try (var serving = EndpointServing.open(open, endpoint.tcp, endpoint.socketBase);
                    var hook = OperatorInterrupt.closes(open)) {
                serving.banner(err);
                var command = new ArrayList<String>(List.of(
                        psql.toString(),
                        "-h",
                        serving.endpoint().socketDirectory().toString(),
                        "-d",
                        open.snapshot().database()));
                command.addAll(psqlArguments);
                psqlExit = run(command, out, err);
            }
            err.println("psql exited with " + psqlExit + "; the session ends");
            return psqlExit == 0 ? 0 : psqlExit == 2 ? 4 : 5;
        });
    }

    /**
     * Runs psql: on the operator's terminal (it inherits stdin, stdout and stderr) when this command writes to the
     * process's own stdout; in-process (tests, embedding), its output is copied into this command's writers.
     */
    private static int run(List<String> command, PrintWriter out, PrintWriter err) throws SessionFailure {
        var builder = new ProcessBuilder(command);
        builder.environment().remove("PGPASSWORD"); // the socket's peer check is the authentication
        boolean terminal = out instanceof StandardStreams.ProcessOut;
        if (terminal) {
            builder.inheritIO();
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            Process process = builder.start();
            if (!terminal) {
                var copyOut = Thread.ofVirtual().start(() -> copy(process.getInputStream(), out));
                var copyErr = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err));
                copyOut.join();
                copyErr.join();
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionFailure(SessionFailure.Kind.CONNECTION, "interrupted while psql ran", e);
        }
    }

    private static void copy(InputStream from, PrintWriter to) {
        try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
            }
            to.flush();
        } catch (IOException e) {
            to.flush();
        }
    }

    private static Path onPath() throws SessionFailure {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                var found = executable(Path.of(dir, "psql"));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw missing("psql on PATH");
    }

    private static Optional<Path> executable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                ? Optional.of(candidate)
                : Optional.empty();
    }

    private static SessionFailure missing(String what) {
        return new SessionFailure(
                SessionFailure.Kind.CONNECTION,
                "cannot run psql: " + what + " is not an executable program — install the package " + PSQL_PACKAGE
                        + " (apt-get install " + PSQL_PACKAGE + "), or name it with --psql; nothing was opened");
    }
}
