package org.kfm.breakglass.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.kfm.breakglass.endpoint.upstream.UpstreamLogin;

/**
 * The client half of SCRAM-SHA-256 for the tests' upstream (the real LocalPostgis checks it; round 2 computes it
 * in the session with the Secret's password). Printable-ASCII passwords only, where SASLprep is the identity.
 */
public final class TestScramClient implements UpstreamLogin {
    private final String user;
    private final char[] password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    public TestScramClient(String user, char[] password) {
        this.user = user;
        this.password = password.clone();
        byte[] nonce = new byte[18];
        new SecureRandom().nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public byte[] clientFirst() {
        clientFirstBare = "n=,r=" + clientNonce;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] clientFinal(byte[] serverFirstBytes) throws LoginRefused {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.US_ASCII);
        String nonce = null;
        byte[] salt = null;
        int iterations = 0;
        for (String part : serverFirst.split(",")) {
            if (part.startsWith("r=")) {
                nonce = part.substring(2);
            } else if (part.startsWith("s=")) {
                salt = Base64.getDecoder().decode(part.substring(2));
            } else if (part.startsWith("i=")) {
                iterations = Integer.parseInt(part.substring(2));
            }
        }
        if (nonce == null || !nonce.startsWith(clientNonce) || salt == null || iterations < 1) {
            throw new LoginRefused("the server's first SCRAM message is not valid: " + serverFirst);
        }
        byte[] salted = salted(salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = sha256(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage =
                (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        expectedServerSignature = hmac(hmac(salted, "Server Key"), authMessage);
        Arrays.fill(salted, (byte) 0);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void verifyServerFinal(byte[] serverFinal) throws LoginRefused {
        String message = new String(serverFinal, StandardCharsets.US_ASCII);
        if (!message.startsWith("v=")
                || !MessageDigest.isEqual(Base64.getDecoder().decode(message.substring(2)), expectedServerSignature)) {
            throw new LoginRefused("the server's SCRAM signature does not match: it does not know the password");
        }
    }

    private byte[] salted(byte[] salt, int iterations) {
        var spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
