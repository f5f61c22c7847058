package org.kfm.breakglass.endpoint.wire;

import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * Frames what a client sends: first the startup packet (length, then a request code or the protocol version),
 * then typed messages (type byte, int32 length that counts itself, body). Lengths are checked before anything is
 * allocated: below 4, or above the limit of the message type ({@link WireLimits}), is a violation, and so is a
 * type byte the protocol does not define for a client at this point.
 */
public final class FrontendReader {
    public static final int SSL_REQUEST_CODE = 80877103;
    public static final int GSSENC_REQUEST_CODE = 80877104;
    public static final int CANCEL_REQUEST_CODE = 80877102;

    private final WireInput in;

    public FrontendReader(WireInput in) {
        this.in = in;
    }

    public WireInput input() {
        return in;
    }

    /** The startup packet, or null when the client closed before sending a byte. */
    public StartupPacket readStartup() throws IOException, ProtocolViolation {
        int first = in.readOrEof();
        if (first < 0) {
            return null;
        }
        try {
            return startup(first);
        } catch (java.io.EOFException e) {
            throw new ProtocolViolation("the connection ended inside the startup packet");
        }
    }

    private StartupPacket startup(int first) throws IOException, ProtocolViolation {
        int length = (first << 24) | (in.readByte() << 16) | (in.readByte() << 8) | in.readByte();
        if (length < 8 || length > WireLimits.MAX_STARTUP_PACKET) {
            throw new ProtocolViolation("invalid length of startup packet (" + length + " bytes; at most "
                    + WireLimits.MAX_STARTUP_PACKET + ")");
        }
        var body = new MessageBody("startup", in.readFully(length - 4));
        int code = body.int32();
        switch (code) {
            case SSL_REQUEST_CODE -> {
                body.end();
                return new StartupPacket.SslRequest();
            }
            case GSSENC_REQUEST_CODE -> {
                body.end();
                return new StartupPacket.GssEncRequest();
            }
            case CANCEL_REQUEST_CODE -> {
                int pid = body.int32();
                int key = body.int32();
                body.end();
                return new StartupPacket.CancelRequest(pid, key);
            }
            default -> {
                return startupMessage(code, body);
            }
        }
    }

    private static StartupPacket startupMessage(int version, MessageBody body) throws ProtocolViolation {
        int major = version >>> 16;
        int minor = version & 0xFFFF;
        if (major != 3) {
            throw new ProtocolViolation(
                    "unsupported frontend protocol " + major + "." + minor + ": the endpoint serves protocol 3.0");
        }
        var parameters = new LinkedHashMap<String, String>();
        while (true) {
            String name = body.cstring();
            if (name.isEmpty()) {
                break;
            }
            String value = body.cstring();
            if (parameters.putIfAbsent(name, value) != null) {
                throw body.violation("parameter '" + name + "' given twice");
            }
        }
        body.end();
        return new StartupPacket.StartupMessage(major, minor, parameters);
    }

    /**
     * The next typed message, or null at a clean end of stream (between messages).
     *
     * @param authentication true while the endpoint waits for a password/SASL message ({@code p}), the only
     *     type (besides Terminate) a client may send then
     */
    public Frame readMessage(boolean authentication) throws IOException, ProtocolViolation {
        int type = in.readOrEof();
        if (type < 0) {
            return null;
        }
        int limit = limitFor((char) type, authentication);
        try {
            return body(type, limit);
        } catch (java.io.EOFException e) {
            throw new ProtocolViolation("the connection ended inside a message of type '" + printable(type) + "'");
        }
    }

    private Frame body(int type, int limit) throws IOException, ProtocolViolation {
        int length = in.readInt32();
        if (length < 4) {
            throw new ProtocolViolation(
                    "invalid message length " + length + " for message type '" + printable(type) + "'");
        }
        if (length - 4 > limit) {
            throw new ProtocolViolation("message type '" + printable(type) + "' declares " + (length - 4)
                    + " bytes, over the endpoint's limit of " + limit + " bytes for it");
        }
        return new Frame((byte) type, in.readFully(length - 4));
    }

    private static int limitFor(char type, boolean authentication) throws ProtocolViolation {
        if (authentication) {
            return switch (type) {
                case 'p' -> WireLimits.MAX_SMALL_MESSAGE;
                case 'X' -> 0;
                default ->
                    throw new ProtocolViolation(
                            "expected a password or SASL message, got message type '" + printable(type) + "'");
            };
        }
        return switch (type) {
            case 'Q', 'P', 'B', 'F', 'd' -> WireLimits.MAX_LARGE_MESSAGE;
            case 'C', 'D', 'E', 'H', 'S', 'c', 'f' -> WireLimits.MAX_SMALL_MESSAGE;
            case 'X' -> 0;
            default -> throw new ProtocolViolation("invalid frontend message type '" + printable(type) + "'");
        };
    }

    static String printable(int type) {
        return type >= 0x21 && type < 0x7F ? String.valueOf((char) type) : String.format("0x%02x", type);
    }
}
