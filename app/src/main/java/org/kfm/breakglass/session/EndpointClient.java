package org.kfm.breakglass.session;

/**
 * A client of the session's PostgreSQL endpoint, as its {@code client.*} records and its statements name it.
 *
 * @param clientId the endpoint's id for the connection (unique in the session)
 * @param peer who is on the other end: the peer's OS user and process (Unix socket) or the loopback address
 * @param transport {@code unix} or {@code tcp}
 * @param applicationName what the client sent as {@code application_name} (may be empty)
 * @param database the database the client opened
 * @param clientUser the user name the client sent, which the endpoint ignores (it logs in as the session)
 */
public record EndpointClient(
        String clientId, String peer, String transport, String applicationName, String database, String clientUser) {

    /** The words of its {@code client.*} records. */
    String describe() {
        return "client " + clientId + " (" + transport + ", peer " + peer + ", application_name '" + applicationName
                + "', database " + database + ", client user '" + clientUser + "' ignored)";
    }
}
