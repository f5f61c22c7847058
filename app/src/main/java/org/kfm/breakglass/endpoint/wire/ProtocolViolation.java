package org.kfm.breakglass.endpoint.wire;

/**
 * Bytes that are not a well-formed PostgreSQL protocol message (or not one the endpoint accepts at this point).
 * The endpoint answers it with a {@code FATAL 08P01} and closes the connection: once framing is in doubt nothing
 * read afterwards can be trusted, so nothing of it is forwarded.
 */
public final class ProtocolViolation extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolViolation(String message) {
        super(message);
    }
}
