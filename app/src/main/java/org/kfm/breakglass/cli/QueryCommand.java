package org.kfm.breakglass.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.DurationText;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.ResultFormatting;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass query}: one audited session that runs SQL and prints the result. Read-only unless
 * {@code --write}, which elevates with a second justification; writes are rolled back unless {@code --commit}.
 */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Run SQL through an audited break-glass session and print the result.")
public final class QueryCommand implements Callable<Integer> {
    private static final String UTF8_BOM = "\uFEFF";
    /** The byte-order mark's size in UTF-8: a file may be that much over the cap and still fit once it is dropped. */
    private static final int UTF8_BOM_BYTES = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--sql", description = "SQL text (one statement or a script).")
        String sql;

        @Option(names = "--file", description = "File with SQL (one statement or a script).")
        Path file;
    }

    @Option(names = "--format", defaultValue = "table", description = "table, csv, json (JSON lines) or geojson.")
    String format;

    @Option(
            names = "--geometry",
            paramLabel = "FORM",
            description = "Geometry cells as ewkb (the server's hex EWKB, as psql prints it; default for csv and"
                    + " json), ewkt (default for table), wkt or geojson.")
    String geometry;

    @Option(names = "--timeout", description = "Statement timeout, e.g. 30s (default: none).")
    String timeout;

    @Option(names = "--ack-warnings", description = "Go on after preflight WARNs (they are journaled).")
    boolean acknowledgeWarnings;

    @Option(
            names = "--write",
            description = "Elevate to the writer role (needs --write-reason/--write-ticket, "
                    + "prompted for when missing, and --confirm-database).")
    boolean write;

    @Option(names = "--write-reason", description = "Second justification for write elevation.")
    String writeReason;

    @Option(names = "--write-ticket", description = "Ticket for the write elevation.")
    String writeTicket;

    @Option(names = "--confirm-database", description = "Type the database name to confirm write elevation.")
    String confirmDatabase;

    @Option(names = "--commit", description = "Commit each successful write (default: roll back).")
    boolean commit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        final Duration statementTimeout;
        try {
            statementTimeout = timeout == null ? null : DurationText.parse(timeout);
        } catch (IllegalArgumentException e) {
            err.println("usage: --timeout " + e.getMessage());
            return 2;
        }
        // Bad input is refused before anything is opened or journaled.
        try {
            ResultFormatting.geometryForm(ResultFormatting.parse(format), geometry);
            if (write
                    && System.console() == null
                    && (writeReason == null || writeTicket == null || confirmDatabase == null)) {
                throw new SessionFailure(
                        SessionFailure.Kind.USAGE,
                        "write elevation needs --write-reason, "
                                + "--write-ticket and --confirm-database when there is no terminal to prompt on");
            }
        } catch (SessionFailure e) {
            err.println(SessionDriver.label(e.kind()) + ": " + e.getMessage());
            return e.kind().exitCode();
        }
        var submitted = new String[1];
        return new SessionDriver(session, err)
                .run(acknowledgeWarnings, gateway -> submitted[0] = sql(gateway), open -> {
                    String sql = submitted[0];
                    if (write) {
                        elevate(open, err);
                    }
                    var options = RunOptions.defaults().withStatementTimeout(statementTimeout);
                    var reports = ResultFormatting.runAndPrint(open, sql, options, format, geometry, out);
                    out.flush();
                    reports.forEach(r -> err.println(r.statementClass() + " · " + r.rows() + " row(s) · "
                            + String.format(java.util.Locale.ROOT, "%.1f ms", r.durationMs())
                            + (r.truncated() ? " · TRUNCATED at the row limit" : "")));
                    if (write && open.snapshot().transactionPending()) {
                        if (commit) {
                            open.commit();
                            err.println("committed");
                        } else {
                            open.rollback();
                            err.println("rolled back (pass --commit to keep the change)");
                        }
                    }
                    return 0;
                });
    }

    /**
     * The SQL to run, checked against the policy before anything opens: from {@code --sql}, or from
     * {@code --file} (UTF-8, its size checked before it is read, a leading byte-order mark dropped as editors add
     * one).
     */
    private String sql(SessionGateway gateway) throws SessionFailure {
        String text;
        if (source.sql != null) {
            text = source.sql;
        } else {
            try {
                long size = Files.size(source.file);
                if (size > gateway.maxScriptBytes() + UTF8_BOM_BYTES) {
                    throw new SessionFailure(
                            SessionFailure.Kind.USAGE,
                            source.file + " is " + size + " bytes, over the limit of " + gateway.maxScriptBytes()
                                    + " bytes per submission (policy session.maxScriptBytes): split the script, or"
                                    + " raise the limit in the policy");
                }
                text = Files.readString(source.file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SessionFailure(
                        SessionFailure.Kind.USAGE,
                        "cannot read " + source.file + " (" + e + "): check the path and that it is UTF-8 text",
                        e);
            }
            if (text.startsWith(UTF8_BOM)) {
                text = text.substring(1);
            }
        }
        gateway.checkScript(text);
        return text;
    }

    private void elevate(BreakGlassSession open, PrintWriter err) throws SessionFailure {
        var console = System.console();
        String reason = writeReason != null ? writeReason : prompt(console, err, "Why is write access needed? ");
        String ticket = writeTicket != null ? writeTicket : prompt(console, err, "Ticket for the write: ");
        String confirm = confirmDatabase != null
                ? confirmDatabase
                : prompt(console, err, "Type the database name to confirm (" + session.database + "): ");
        open.elevate(new Justification(reason, ticket, Duration.ofMinutes(10), AccessMode.WRITE), confirm);
        err.println("elevated to write as " + open.snapshot().dbUser() + " until "
                + open.snapshot().elevationEndsAt());
    }

    private static String prompt(java.io.Console console, PrintWriter err, String question) throws SessionFailure {
        if (console == null) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "write elevation needs --write-reason, "
                            + "--write-ticket and --confirm-database when there is no terminal to prompt on");
        }
        err.print(question);
        err.flush();
        String answer = console.readLine();
        return answer == null ? "" : answer;
    }
}
