package org.kfm.breakglass.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The closed set of audit event types, each with the name it carries on the wire ({@code "type"}). */
public enum EventType {
    SESSION_START("session.start"),
    SESSION_PREFLIGHT("session.preflight"),
    SESSION_ELEVATE("session.elevate"),
    SESSION_EXTEND("session.extend"),
    SESSION_WARN("session.warn"),
    SESSION_EXPIRE("session.expire"),
    SESSION_END("session.end"),
    SESSION_ABANDONED("session.abandoned"),
    /** A sealed session was reviewed; belongs to no session (the reviewed one is in its payload). */
    SESSION_REVIEW("session.review"),
    /** A session's journal was compared with the server's own audit log. */
    SESSION_RECONCILED("session.reconciled"),
    TUNNEL_OPEN("tunnel.open"),
    TUNNEL_DROP("tunnel.drop"),
    TUNNEL_RECONNECT("tunnel.reconnect"),
    TUNNEL_CLOSE("tunnel.close"),
    QUERY_BEGIN("query.begin"),
    QUERY_END("query.end"),
    QUERY_FAILED("query.failed"),
    QUERY_DENIED("query.denied"),
    /** The session serves its PostgreSQL endpoint (socket path, whether loopback TCP is on). */
    ENDPOINT_OPEN("endpoint.open"),
    /** The endpoint saw the server do what its checks should have made impossible; the client was dropped. */
    ENDPOINT_ALARM("endpoint.alarm"),
    /** An endpoint client is about to log in (before the upstream login). */
    CLIENT_CONNECT("client.connect"),
    /** A connection to the endpoint refused before it could log in (peer check, bad startup). */
    CLIENT_REFUSED("client.refused"),
    CLIENT_DISCONNECT("client.disconnect"),
    /** Durable before the issuer creates the session's own database role ({@code sessionCredentials: per-session}). */
    CREDENTIALS_ISSUE("credentials.issue"),
    /** Durable before the writer role is granted to the session's role (an elevation). */
    CREDENTIALS_GRANT("credentials.grant"),
    /** Durable before the writer role is revoked from the session's role (the elevation ended). */
    CREDENTIALS_REVOKE("credentials.revoke"),
    /** Durable before the session's role is made NOLOGIN, its backends terminated and the role dropped. */
    CREDENTIALS_REVOKED("credentials.revoked"),
    /** A step on a session's role did not complete: the role may still exist (reported loudly, never swallowed). */
    CREDENTIALS_FAILED("credentials.failed"),
    /** Durable before roles left by closed or abandoned sessions are dropped at a later start. */
    CREDENTIALS_SWEPT("credentials.swept"),
    /** Durable before the session's role's VALID UNTIL moves to the extended expiry. */
    CREDENTIALS_EXTEND("credentials.extend"),
    EXPORT("export"),
    /** The extent of a result the operator looked at on the map (ADR 0025). */
    MAP_VIEW("map.view"),
    SMOKE("smoke"),
    JOURNAL_SEAL("journal.seal"),
    JOURNAL_TORN("journal.torn"),
    JOURNAL_DAMAGED("journal.damaged");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name written to the journal, e.g. {@code query.begin}. */
    public String wireName() {
        return wireName;
    }

    /** True for the events that close a session (after which only its seal may follow). */
    public boolean closesSession() {
        return this == SESSION_END || this == SESSION_ABANDONED;
    }

    /**
     * Looks a wire name up.
     *
     * @throws IllegalArgumentException naming the unknown type
     */
    public static EventType fromWireName(String wireName) {
        var type = BY_WIRE_NAME.get(wireName);
        if (type == null) {
            throw new IllegalArgumentException("unknown audit event type '" + wireName + "'; known types: "
                    + BY_WIRE_NAME.keySet().stream().sorted().toList());
        }
        return type;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
