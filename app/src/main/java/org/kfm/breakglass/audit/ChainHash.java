package org.kfm.breakglass.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The chain rule: {@code hash = hex(SHA-256(UTF-8(prev) || UTF-8(canonical line without hash)))}. */
final class ChainHash {

    /** The {@code prev} of the very first event of a journal. */
    static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;

    ChainHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    String of(String prev, String lineWithoutHash) {
        return of(prev, lineWithoutHash.getBytes(StandardCharsets.UTF_8));
    }

    /** Hashes prev followed by the given bytes (the line without its hash member, already UTF-8). */
    String of(String prev, byte[] lineWithoutHash) {
        sha256.reset();
        sha256.update(prev.getBytes(StandardCharsets.US_ASCII));
        sha256.update(lineWithoutHash);
        return HEX.formatHex(sha256.digest());
    }

    /** Same, for a line held in a buffer with the hash member's byte range [cutFrom, cutTo) left out. */
    String of(String prev, byte[] line, int length, int cutFrom, int cutTo) {
        sha256.reset();
        sha256.update(prev.getBytes(StandardCharsets.US_ASCII));
        sha256.update(line, 0, cutFrom);
        sha256.update(line, cutTo, length - cutTo);
        return HEX.formatHex(sha256.digest());
    }

    static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
