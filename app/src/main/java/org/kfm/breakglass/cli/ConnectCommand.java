package org.kfm.breakglass.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.SessionFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass connect}: one audited session served as a PostgreSQL endpoint on a private Unix socket, for
 * psql, pg_dump, ogr2ogr, QGIS (issue 13). Prints how to connect, keeps the banner on stderr, and ends the session
 * on Ctrl-C, expiry or idle timeout.
 */
@Command(
        name = "connect",
        mixinStandardHelpOptions = true,
        description = "Serve an audited break-glass session on a private PostgreSQL socket for psql, QGIS, ogr2ogr.")
public final class ConnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Mixin
    EndpointOptionsMixin endpoint;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            endpoint.checkUsage();
        } catch (SessionFailure e) {
            err.println(SessionDriver.label(e.kind()) + ": " + e.getMessage());
            return e.kind().exitCode();
        }
        return new SessionDriver(session, err).run(endpoint.acknowledgeWarnings, open -> {
            endpoint.elevateIfAsked(open, err);
            try (var serving = EndpointServing.open(open, endpoint.tcp, endpoint.socketBase);
                    var hook = OperatorInterrupt.closes(open)) {
                serving.printConnectionStrings(out);
                err.println("serving " + serving.endpoint().socketPath() + " — every statement is journaled");
                serving.awaitEnd(err);
            }
            var end = open.snapshot();
            err.println("session " + end.sessionId() + " " + end.state().name().toLowerCase(java.util.Locale.ROOT));
            return 0;
        });
    }
}
