package org.kfm.breakglass.audit;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The payload of {@code journal.seal}: how many events the session wrote before the seal, the hash of its last
 * event, and an optional Base64 Ed25519 signature over {@link #signedMessage} with the public key that checks it
 * ({@code key}, Base64 X.509 SubjectPublicKeyInfo; see {@link SealKeys#encode}).
 */
public record Seal(long events, String head, String signature, String key) {

    /** An unsigned seal, or one whose key is not recorded (journals written before keys were recorded). */
    public Seal(long events, String head, String signature) {
        this(events, head, signature, null);
    }

    /** The exact bytes that are signed: {@code "<session>|<events>|<head>"} in UTF-8. */
    public static byte[] signedMessage(UUID session, long events, String head) {
        return (session + "|" + events + "|" + head).getBytes(StandardCharsets.UTF_8);
    }
}
