package org.kfm.breakglass.endpoint.socket;

/** What a listener does with each accepted connection; each call runs on the connection's own virtual thread. */
public interface ConnectionHandler {

    /** A connection that passed the listener's checks. */
    void serve(ClientChannel channel);

    /** A connection refused by the peer check: say so to it and close it. */
    void refuse(ClientChannel channel, String reason);
}
