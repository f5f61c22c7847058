package org.kfm.breakglass.endpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.kfm.breakglass.endpoint.upstream.SessionUpstream;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.OpenEndpoint;
import org.kfm.breakglass.session.SessionFailure;

/**
 * Serves an open session as a PostgreSQL endpoint, for every front end alike ({@code connect}, {@code psql}, the
 * console's "Connect a client…"): the private socket directory is made, its path journaled ({@code endpoint.open})
 * through the session, then the endpoint listens; the session ends the endpoint's clients (FATAL 57P01) when it
 * ends for any reason, and drops them when a write elevation ends.
 */
public final class SessionEndpoint {
    private SessionEndpoint() {}

    /** @param socketBase where the fresh socket directory is made, or null for the XDG default */
    public static Endpoint open(BreakGlassSession session, boolean tcp, Path socketBase) throws SessionFailure {
        Path base = socketBase != null ? socketBase : EndpointOptions.defaults().socketBase();
        Endpoint.Reservation reservation;
        try {
            reservation = Endpoint.reserve(new EndpointOptions(base, tcp));
        } catch (IOException | RuntimeException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "cannot make the endpoint's socket directory under " + base + ": " + e.getMessage()
                            + " (it must be a directory of yours that no one else can write; set XDG_RUNTIME_DIR or"
                            + " --socket-base)",
                    e);
        }
        var started = new AtomicReference<Endpoint>();
        try {
            var access = session.perform(new OpenEndpoint(
                    reservation.socketPath().toString(), tcp, new OpenEndpoint.EndpointCloser() {
                        @Override
                        public void close(String reason) {
                            Endpoint e = started.get();
                            if (e != null) {
                                e.close(reason);
                            }
                        }

                        @Override
                        public void dropClients(String reason) {
                            Endpoint e = started.get();
                            if (e != null) {
                                e.clients().forEach(client -> e.drop(client.clientId(), reason));
                            }
                        }
                    }));
            started.set(Endpoint.start(reservation, new SessionUpstream(access)));
        } catch (SessionFailure e) {
            reservation.close();
            throw e;
        } catch (IOException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION, "the endpoint cannot listen: " + e.getMessage(), e);
        }
        if (session.state().ended()) {
            started.get().close("the break-glass session ended");
        }
        return started.get();
    }
}
