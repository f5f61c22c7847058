package org.kfm.breakglass.sql.lexer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a literal as the server accumulates them ({@code addlit}, {@code addlitchar}): text arrives as
 * UTF-8, octal and hex escapes as raw bytes. The server checks the result is valid UTF-8 when an escape could
 * have broken it ({@code saw_non_ascii} then {@code pg_verifymbstr}); so does {@link #value()}.
 */
final class LiteralBuffer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean rawBytes;

    void append(char c) {
        appendCodePoint(c);
    }

    void append(CharSequence text) {
        text.codePoints().forEach(this::appendCodePoint);
    }

    void appendCodePoint(int codePoint) {
        byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
    }

    /** A byte from {@code \ooo} or {@code \xhh}: may start or end a multibyte sequence, or be invalid. */
    void appendByte(int b) {
        rawBytes = true;
        bytes.write(b & 0xFF);
    }

    int length() {
        return bytes.size();
    }

    /** The literal's text, or null when its bytes are not valid UTF-8 (or hold a NUL): the server rejects it. */
    String value() {
        byte[] all = bytes.toByteArray();
        if (!rawBytes) {
            return new String(all, StandardCharsets.UTF_8);
        }
        for (byte b : all) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(all))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
