package org.kfm.breakglass.endpoint.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds one message body field by field. */
public final class MessageBuilder {
    private final byte type;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(64);

    public MessageBuilder(char type) {
        this.type = (byte) type;
    }

    public MessageBuilder int8(int v) {
        body.write(v);
        return this;
    }

    public MessageBuilder int16(int v) {
        body.write(v >>> 8);
        body.write(v);
        return this;
    }

    public MessageBuilder int32(int v) {
        body.write(v >>> 24);
        body.write(v >>> 16);
        body.write(v >>> 8);
        body.write(v);
        return this;
    }

    public MessageBuilder bytes(byte[] bytes) {
        body.writeBytes(bytes);
        return this;
    }

    /** A string as UTF-8 with its NUL. A NUL inside would end it early on the other side, so it is refused. */
    public MessageBuilder cstring(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a protocol string cannot hold a NUL");
        }
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        body.write(0);
        return this;
    }

    public Frame frame() {
        return new Frame(type, body.toByteArray());
    }

    /** The body alone, for the packets that have no type byte (startup, cancel). */
    public byte[] untypedPacket() {
        byte[] b = body.toByteArray();
        byte[] packet = new byte[b.length + 4];
        int length = packet.length;
        packet[0] = (byte) (length >>> 24);
        packet[1] = (byte) (length >>> 16);
        packet[2] = (byte) (length >>> 8);
        packet[3] = (byte) length;
        System.arraycopy(b, 0, packet, 4, b.length);
        return packet;
    }
}
