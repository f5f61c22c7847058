package org.kfm.breakglass.endpoint.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one message body. Every read is bounds-checked and a string must be valid UTF-8 ending in a NUL,
 * as PostgreSQL's {@code pq_getmsg*} functions require (the endpoint speaks UTF-8 only); anything else is a
 * {@link ProtocolViolation} naming the message and what was wrong.
 */
public final class MessageBody {
    private final String what;
    private final byte[] bytes;
    private int position;

    public MessageBody(String what, byte[] bytes) {
        this.what = what;
        this.bytes = bytes;
    }

    public int remaining() {
        return bytes.length - position;
    }

    public int int8() throws ProtocolViolation {
        need(1);
        return bytes[position++] & 0xFF;
    }

    public int int16() throws ProtocolViolation {
        need(2);
        int v = (short) (((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF));
        position += 2;
        return v;
    }

    public int int32() throws ProtocolViolation {
        need(4);
        int v = ((bytes[position] & 0xFF) << 24)
                | ((bytes[position + 1] & 0xFF) << 16)
                | ((bytes[position + 2] & 0xFF) << 8)
                | (bytes[position + 3] & 0xFF);
        position += 4;
        return v;
    }

    public byte[] bytes(int length) throws ProtocolViolation {
        if (length < 0) {
            throw violation("a negative length (" + length + ")");
        }
        need(length);
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    /** The rest of the body. */
    public byte[] rest() {
        byte[] out = new byte[remaining()];
        System.arraycopy(bytes, position, out, 0, out.length);
        position = bytes.length;
        return out;
    }

    /** A NUL-terminated UTF-8 string. */
    public String cstring() throws ProtocolViolation {
        int end = position;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        if (end == bytes.length) {
            throw violation("a string without its terminating NUL");
        }
        String s = utf8(bytes, position, end - position, what);
        position = end + 1;
        return s;
    }

    /** The body must be used up exactly. */
    public void end() throws ProtocolViolation {
        if (position != bytes.length) {
            throw violation((bytes.length - position) + " unexpected bytes at the end");
        }
    }

    private void need(int n) throws ProtocolViolation {
        if (n > bytes.length - position) {
            throw violation("a field that runs past the end of the message");
        }
    }

    public ProtocolViolation violation(String problem) {
        return new ProtocolViolation("invalid " + what + " message: " + problem);
    }

    /** Strict UTF-8: a malformed or truncated sequence is a violation, never replaced. */
    public static String utf8(byte[] bytes, int offset, int length, String what) throws ProtocolViolation {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation(
                    "invalid " + what + " message: a string that is not valid UTF-8 (the endpoint speaks UTF8 only)");
        }
    }
}
