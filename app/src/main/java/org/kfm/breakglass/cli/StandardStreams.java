package org.kfm.breakglass.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import org.kfm.breakglass.text.TerminalWriter;

/**
 * The process's stdout and stderr, in the terminal's own charset. The only class that touches {@code System.out}
 * and {@code System.err} (ArchitectureTest holds that): results go to stdout; everything else — progress, errors,
 * the launcher's own complaints — to stderr, escaped by {@link TerminalWriter} wherever a message may carry text
 * the operator or a server chose.
 */
public final class StandardStreams {
    private StandardStreams() {}

    /** stdout, flushed on every line. */
    public static PrintWriter out() {
        return new ProcessOut();
    }

    /**
     * The process's own stdout: a command that starts a program the operator drives (psql) lets it inherit the
     * terminal when its output is this, and copies the program's output into its writer otherwise (in-process).
     */
    static final class ProcessOut extends PrintWriter {
        ProcessOut() {
            super(new OutputStreamWriter(System.out, System.out.charset()), true);
        }
    }

    /** stderr as it is; the command tree escapes it itself. */
    public static PrintWriter err() {
        return new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
    }

    /** One line on stderr, {@code breakglass: message}, with hidden characters escaped. */
    public static void problem(String message) {
        var err = new PrintWriter(new TerminalWriter(err()), true);
        err.println("breakglass: " + message);
        err.flush();
    }

    /** A measurement line on stderr for the start-up benchmark: {@code FIRST_FRAME <ms>}. */
    public static void firstFrame(long millisSinceStart) {
        var err = err();
        err.println("FIRST_FRAME " + millisSinceStart);
        err.flush();
    }
}
