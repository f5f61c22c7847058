package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;

/**
 * The session serves its PostgreSQL endpoint: {@code endpoint.open} (the socket path, whether loopback TCP is on)
 * is durable before the path is given to anyone. The socket is made first, in a fresh {@code 0700} directory whose
 * random name nobody knows yet; a client that found it anyway still gets {@code client.connect} journaled before
 * its login. Returns the session's side of the endpoint; {@code closer} is how the session ends the endpoint's
 * clients (with the reason) when it ends, before {@code session.end} and the seal.
 */
public record OpenEndpoint(String socketPath, boolean tcp, EndpointCloser closer)
        implements PrivilegedAction<EndpointAccess> {

    /** How the session ends the endpoint's clients. */
    public interface EndpointCloser {
        /** Ends every client of the endpoint with {@code FATAL 57P01} and the reason, and removes the socket. */
        void close(String reason);

        /**
         * Ends every client connected now, keeping the socket: a client's login is fixed when it connects, so when
         * a write elevation ends, the clients that logged in as the writer must go (they reconnect read-only).
         */
        void dropClients(String reason);
    }

    @Override
    public String verb() {
        return "serve a client endpoint";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.ENDPOINT_OPEN)
                .withDetail(
                        "PostgreSQL endpoint on " + socketPath + (tcp ? "; loopback TCP on (one-time password)" : ""));
    }
}
