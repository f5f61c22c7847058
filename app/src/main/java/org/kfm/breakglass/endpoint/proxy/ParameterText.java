package org.kfm.breakglass.endpoint.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.kfm.breakglass.endpoint.wire.FrontendMessage;

/**
 * How bound parameters are journaled: a text-format value as its text, a binary one as {@code \x} and hex, SQL
 * NULL as null. A value over {@value #MAX_JOURNALED_BYTES} bytes, and every value when the policy says
 * {@code redactParameters}, is journaled as {@code sha256:<hex>} of its bytes (with its length when long), so a
 * reviewer can still match it against a known value.
 */
final class ParameterText {
    static final int MAX_JOURNALED_BYTES = 4096;

    private ParameterText() {}

    static List<String> of(FrontendMessage.Bind bind, boolean redact) {
        var out = new ArrayList<String>(bind.parameters().size());
        for (int i = 0; i < bind.parameters().size(); i++) {
            byte[] value = bind.parameters().get(i);
            if (value == null) {
                out.add(null);
            } else if (redact) {
                out.add("sha256:" + sha256(value));
            } else if (value.length > MAX_JOURNALED_BYTES) {
                out.add("sha256:" + sha256(value) + " (" + value.length + " bytes)");
            } else if (bind.formatOf(i) == 0) {
                out.add(text(value));
            } else {
                out.add("\\x" + HexFormat.of().formatHex(value));
            }
        }
        return out;
    }

    private static String text(byte[] value) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return "\\x" + HexFormat.of().formatHex(value);
        }
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
