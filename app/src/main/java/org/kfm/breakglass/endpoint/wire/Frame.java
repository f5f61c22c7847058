package org.kfm.breakglass.endpoint.wire;

import java.io.IOException;

/**
 * One typed protocol message as it travels: its type byte and its body (without the length word). The proxy
 * forwards the very frame it read, so what the server receives is byte for byte what the client sent.
 */
public record Frame(byte type, byte[] body) {

    public char typeChar() {
        return (char) (type & 0xFF);
    }

    /** Type, length word (body + 4) and body. */
    public void writeTo(WireOutput out) throws IOException {
        out.writeByte(type);
        out.writeInt32(body.length + 4);
        out.write(body);
    }

    /** The bytes on the wire. */
    public byte[] toBytes() {
        byte[] bytes = new byte[body.length + 5];
        bytes[0] = type;
        int length = body.length + 4;
        bytes[1] = (byte) (length >>> 24);
        bytes[2] = (byte) (length >>> 16);
        bytes[3] = (byte) (length >>> 8);
        bytes[4] = (byte) length;
        System.arraycopy(body, 0, bytes, 5, body.length);
        return bytes;
    }

    @Override
    public String toString() {
        return "Frame[" + typeChar() + ", " + body.length + " bytes]";
    }
}
