package org.kfm.breakglass.endpoint.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the server keeps of a SCRAM-SHA-256 password (RFC 5802 §3, RFC 7677): salt, iteration count, StoredKey and
 * ServerKey — never the password. {@code SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, i)},
 * {@code StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key"))}, {@code ServerKey = HMAC(SaltedPassword,
 * "Server Key")}.
 *
 * <p>Passwords are limited to printable ASCII, for which SASLprep (RFC 4013) is the identity: the endpoint makes
 * its own one-time passwords, so it needs no SASLprep implementation.
 */
public final class ScramVerifier {
    /** PostgreSQL's default {@code scram_iterations}. */
    public static final int DEFAULT_ITERATIONS = 4096;

    private final byte[] salt;
    private final int iterations;
    private final byte[] storedKey;
    private final byte[] serverKey;

    private ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        this.salt = salt;
        this.iterations = iterations;
        this.storedKey = storedKey;
        this.serverKey = serverKey;
    }

    /** A verifier for {@code password} with a fresh 16-byte salt. */
    public static ScramVerifier create(char[] password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return of(password, salt, DEFAULT_ITERATIONS);
    }

    /** A verifier for {@code password} with the given salt and iteration count. */
    public static ScramVerifier of(char[] password, byte[] salt, int iterations) {
        for (char c : password) {
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException("a SCRAM password here must be printable ASCII");
            }
        }
        byte[] salted = saltedPassword(password, salt, iterations);
        try {
            byte[] clientKey = hmac(salted, "Client Key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] stored = sha256(clientKey);
            byte[] server = hmac(salted, "Server Key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Arrays.fill(clientKey, (byte) 0);
            return new ScramVerifier(salt.clone(), iterations, stored, server);
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    byte[] salt() {
        return salt.clone();
    }

    int iterations() {
        return iterations;
    }

    byte[] storedKey() {
        return storedKey;
    }

    byte[] serverKey() {
        return serverKey;
    }

    static byte[] saltedPassword(char[] password, byte[] salt, int iterations) {
        var spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            var key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec);
            return key.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
