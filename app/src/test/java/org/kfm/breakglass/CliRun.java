package org.kfm.breakglass;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Test-side door to the real {@code breakglass} command tree: runs it in-process with captured stdout and
 * stderr, exactly as {@code Main} would (minus {@code System.exit}).
 */
public final class CliRun {

    /** What one invocation did. */
    public record Result(int exitCode, String out, String err) {
        /** Both streams, for assertion messages. */
        public String transcript() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private CliRun() {}

    public static Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = CommandLineLauncher.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
