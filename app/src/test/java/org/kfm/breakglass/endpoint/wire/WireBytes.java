package org.kfm.breakglass.endpoint.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-written protocol bytes for the message tests (independent of the encoders under test). */
final class WireBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static WireBytes of() {
        return new WireBytes();
    }

    WireBytes b(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    WireBytes i16(int v) {
        return b(v >>> 8 & 0xFF, v & 0xFF);
    }

    WireBytes i32(int v) {
        return b(v >>> 24 & 0xFF, v >>> 16 & 0xFF, v >>> 8 & 0xFF, v & 0xFF);
    }

    WireBytes s(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return b(0);
    }

    WireBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A typed message: type, length (body + 4), body. */
    static byte[] message(char type, byte[] body) {
        return of().b(type).i32(body.length + 4).raw(body).bytes();
    }

    /** An untyped packet (startup, cancel): length (body + 4), body. */
    static byte[] packet(byte[] body) {
        return of().i32(body.length + 4).raw(body).bytes();
    }

    static FrontendReader reader(byte[] bytes) {
        return new FrontendReader(new WireInput(ByteSource.of(new ByteArrayInputStream(bytes)), 16));
    }

    static Frame frame(char type, byte[] body) throws Exception {
        return reader(message(type, body)).readMessage(false);
    }
}
