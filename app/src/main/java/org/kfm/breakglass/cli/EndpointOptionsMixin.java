package org.kfm.breakglass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.DurationText;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.SessionFailure;
import picocli.CommandLine.Option;

/** The options {@code connect} and {@code psql} share: the endpoint's socket, {@code --tcp}, write elevation. */
final class EndpointOptionsMixin {
    @Option(names = "--ack-warnings", description = "Go on after preflight WARNs (they are journaled).")
    boolean acknowledgeWarnings;

    @Option(
            names = "--tcp",
            description = "Also listen on loopback TCP (a kernel-chosen port) for tools that cannot use a Unix socket;"
                    + " needs the one-time password printed once.")
    boolean tcp;

    @Option(
            names = "--socket-base",
            description = "Where the fresh 0700 socket directory is made"
                    + " (default: $XDG_RUNTIME_DIR/breakglass, else the XDG state directory).")
    Path socketBase;

    @Option(
            names = "--write",
            description = "Elevate to the writer role before serving (needs --write-reason, --write-ticket and"
                    + " --confirm-database).")
    boolean write;

    @Option(names = "--write-reason", description = "Second justification for write elevation.")
    String writeReason;

    @Option(names = "--write-ticket", description = "Ticket for the write elevation.")
    String writeTicket;

    @Option(names = "--confirm-database", description = "Type the database name to confirm write elevation.")
    String confirmDatabase;

    @Option(
            names = "--write-for",
            description = "How long the write elevation lasts, e.g. 5m (default 10m; the policy's limit applies);"
                    + " when it ends, connected clients are dropped and reconnect read-only.")
    String writeFor;

    /** Refused before anything opens: elevation needs its three answers up front (clients hold the terminal). */
    void checkUsage() throws SessionFailure {
        if (write && (writeReason == null || writeTicket == null || confirmDatabase == null)) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "--write needs --write-reason, --write-ticket and --confirm-database (the endpoint's clients"
                            + " use the terminal, so there is no prompt)");
        }
        if (writeFor != null) {
            try {
                DurationText.parse(writeFor);
            } catch (IllegalArgumentException e) {
                throw new SessionFailure(SessionFailure.Kind.USAGE, "--write-for: " + e.getMessage());
            }
        }
    }

    void elevateIfAsked(BreakGlassSession session, PrintWriter err) throws SessionFailure {
        if (!write) {
            return;
        }
        session.elevate(
                new Justification(
                        writeReason,
                        writeTicket,
                        writeFor == null ? Duration.ofMinutes(10) : DurationText.parse(writeFor),
                        AccessMode.WRITE),
                confirmDatabase);
        err.println("elevated to write as " + session.snapshot().dbUser() + " until "
                + session.snapshot().elevationEndsAt()
                + "; clients that connect from now on write (their own transactions)");
    }
}
