package org.kfm.breakglass.endpoint.upstream;

/**
 * A connected client as journaled on {@code client.connect} and referred to by its statements.
 *
 * @param clientId the endpoint's id for the connection (unique in the session)
 * @param peer who is on the other end of the socket: the peer's OS user (Unix socket) or the loopback address
 * @param transport {@code unix} or {@code tcp}
 * @param applicationName what the client sent as {@code application_name} (may be empty)
 * @param database the database the client opened
 * @param clientUser the user name the client sent, which the endpoint ignores (it logs in as the session)
 */
public record ClientRecord(
        String clientId, String peer, String transport, String applicationName, String database, String clientUser) {}
