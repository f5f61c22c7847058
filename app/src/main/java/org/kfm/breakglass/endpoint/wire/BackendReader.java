package org.kfm.breakglass.endpoint.wire;

import java.io.IOException;

/**
 * Frames what the database server sends: a type byte and an int32 length. The body is then either read whole
 * (the messages the endpoint inspects, capped) or streamed through ({@code DataRow}, {@code CopyData}, which may
 * be large and are only counted and hashed).
 */
public final class BackendReader {
    private static final String KNOWN_TYPES = "RKSZTDCIENA123nstGHWcdVv";

    private final WireInput in;

    public BackendReader(WireInput in) {
        this.in = in;
    }

    public WireInput input() {
        return in;
    }

    /** The next message's type and body length, or null at a clean end of stream. */
    public Header readHeader() throws IOException, ProtocolViolation {
        int type = in.readOrEof();
        if (type < 0) {
            return null;
        }
        if (KNOWN_TYPES.indexOf(type) < 0) {
            throw new ProtocolViolation(
                    "the server sent an unknown message type '" + FrontendReader.printable(type) + "'");
        }
        int length = in.readInt32();
        if (length < 4) {
            throw new ProtocolViolation("the server sent message type '" + (char) type + "' with length " + length);
        }
        return new Header((char) type, length - 4);
    }

    /** The body of a message the endpoint inspects. */
    public byte[] readBody(Header header) throws IOException, ProtocolViolation {
        if (header.bodyLength() > WireLimits.MAX_INSPECTED_BACKEND_MESSAGE) {
            throw new ProtocolViolation("the server sent a '" + header.type() + "' message of "
                    + header.bodyLength() + " bytes, over the endpoint's limit of "
                    + WireLimits.MAX_INSPECTED_BACKEND_MESSAGE);
        }
        return in.readFully(header.bodyLength());
    }

    public Frame readFrame(Header header) throws IOException, ProtocolViolation {
        return new Frame((byte) header.type(), readBody(header));
    }

    /** A message's type and the length of its body (the length word minus 4). */
    public record Header(char type, int bodyLength) {}
}
