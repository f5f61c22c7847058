package org.kfm.breakglass.endpoint.auth;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The password of a {@code --tcp} endpoint: 24 random bytes (192 bits) in URL-safe base64, made once. The endpoint
 * keeps only its {@link ScramVerifier}; the characters are handed out once ({@link #reveal()}, for the operator's
 * terminal) and then wiped, so they are never journaled or logged and cannot be asked for twice.
 */
public final class OneTimePassword {
    private final ScramVerifier verifier;
    private char[] characters;

    private OneTimePassword(char[] characters, ScramVerifier verifier) {
        this.characters = characters;
        this.verifier = verifier;
    }

    public static OneTimePassword generate(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(bytes);
        Arrays.fill(bytes, (byte) 0);
        char[] chars = new char[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            chars[i] = (char) encoded[i];
        }
        Arrays.fill(encoded, (byte) 0);
        return new OneTimePassword(chars, ScramVerifier.create(chars, random));
    }

    public ScramVerifier verifier() {
        return verifier;
    }

    /**
     * The password's characters, once; the caller wipes them after showing them.
     *
     * @throws IllegalStateException on the second call
     */
    public synchronized char[] reveal() {
        if (characters == null) {
            throw new IllegalStateException("the one-time password was already handed out");
        }
        char[] out = characters;
        characters = null;
        return out;
    }
}
