package org.kfm.breakglass.endpoint.upstream;

/**
 * The journal of client activity. Each method returns only once its record is durable in every required sink;
 * when that is impossible it throws {@link AuditUnavailable} naming the sink, and the endpoint does not do what
 * the record was for (fail-closed).
 */
public interface ClientJournal {

    /** Before the upstream login: {@code client.connect}. */
    void clientConnected(ClientRecord client) throws AuditUnavailable;

    /** A connection refused before it could log in (peer check, bad startup): {@code client.refused}. */
    void clientRefused(PeerRecord peer, String reason) throws AuditUnavailable;

    /** {@code client.disconnect} with the reason. */
    void clientDisconnected(ClientRecord client, String reason) throws AuditUnavailable;

    /** {@code query.begin}, before the statement's message is forwarded. */
    StatementTicket begin(ClientRecord client, StatementStart start) throws AuditUnavailable;

    /** {@code query.denied}: refused by the endpoint, nothing of it sent. */
    void denied(ClientRecord client, StatementDenial denial) throws AuditUnavailable;

    /** {@code query.end} or {@code query.failed} for a begun statement. */
    void finished(StatementTicket ticket, StatementOutcome outcome) throws AuditUnavailable;

    /**
     * The endpoint saw the server do something its checks should have made impossible (read-only lifted, a
     * statement it did not journal); the client connection is dropped.
     */
    void alarm(ClientRecord client, String reason) throws AuditUnavailable;
}
