package org.kfm.breakglass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kfm.breakglass.endpoint.ConnectionStrings;
import org.kfm.breakglass.endpoint.Endpoint;
import org.kfm.breakglass.endpoint.SessionEndpoint;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.DurationText;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionListener;

/**
 * An open session's PostgreSQL endpoint for {@code connect} and {@code psql}: the socket directory is made, its
 * path journaled ({@code endpoint.open}) through the session, then the endpoint listens; the session ends its
 * clients (FATAL 57P01) when it ends for any reason. Prints the banner (time left, mode, tunnel) to stderr.
 */
final class EndpointServing implements AutoCloseable {
    private static final Duration BANNER_EVERY = Duration.ofSeconds(30);

    private final BreakGlassSession session;
    private final Endpoint endpoint;
    private final CountDownLatch ended;

    private EndpointServing(BreakGlassSession session, Endpoint endpoint, CountDownLatch ended) {
        this.session = session;
        this.endpoint = endpoint;
        this.ended = ended;
    }

    /** @param socketBase where the fresh socket directory is made, or null for the XDG default */
    static EndpointServing open(BreakGlassSession session, boolean tcp, Path socketBase) throws SessionFailure {
        var ended = new CountDownLatch(1);
        session.addListener(new SessionListener() {
            @Override
            public void ended(SessionEnd cause, String reason) {
                ended.countDown();
            }
        });
        return new EndpointServing(session, SessionEndpoint.open(session, tcp, socketBase), ended);
    }

    ConnectionStrings strings() {
        return endpoint.connectionStrings();
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** What a client needs, on stdout: the psql command, the libpq string, the PG: string (and --tcp's). */
    void printConnectionStrings(PrintWriter out) {
        var s = strings();
        out.println("psql:   " + s.psql());
        out.println("libpq:  " + s.libpq());
        out.println("gdal:   " + s.gdal());
        endpoint.tcpAddress().ifPresent(a -> {
            out.println("jdbc:   jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/"
                    + session.snapshot().database() + "?sslmode=disable");
            char[] password = endpoint.tcpPassword().orElseThrow().reveal();
            out.println("password (shown once, SCRAM only): " + new String(password));
            java.util.Arrays.fill(password, '\0');
        });
        out.flush();
    }

    /** Blocks until the session ends, printing the banner to stderr; an interrupt closes the session. */
    void awaitEnd(PrintWriter err) {
        try {
            banner(err);
            while (!ended.await(BANNER_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                banner(err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
        }
    }

    void banner(PrintWriter err) {
        var s = session.snapshot();
        err.println("session " + s.sessionId() + " · " + DurationText.format(s.remaining()) + " left · "
                + s.mode().wireName() + " · tunnel " + s.state().name().toLowerCase(java.util.Locale.ROOT)
                + " to " + s.pod() + SessionDriver.serverRole(s.serverRole()) + " · "
                + endpoint.clients().size() + " client(s) · Ctrl-C ends the session");
        err.flush();
    }

    @Override
    public void close() {
        endpoint.close("the break-glass session ended");
    }
}
