package org.kfm.breakglass.endpoint.wire;

import java.util.Map;

/** The first packet of a connection, which has a length but no type byte. */
public sealed interface StartupPacket {
    /** {@code SSLRequest}: the endpoint answers {@code N} (the socket never leaves the machine). */
    record SslRequest() implements StartupPacket {}

    /** {@code GSSENCRequest}: answered {@code N} too. */
    record GssEncRequest() implements StartupPacket {}

    /** {@code CancelRequest} with the key the endpoint gave the client in its BackendKeyData. */
    record CancelRequest(int processId, int secretKey) implements StartupPacket {}

    /**
     * {@code StartupMessage}: protocol version and the parameters in the order sent ({@code user},
     * {@code database}, {@code options}, {@code application_name}, any setting, {@code _pq_.} protocol options).
     */
    record StartupMessage(int majorVersion, int minorVersion, Map<String, String> parameters) implements StartupPacket {
        public StartupMessage {
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        }
    }
}
