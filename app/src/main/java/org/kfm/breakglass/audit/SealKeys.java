package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Loads the Ed25519 keys that sign and check seals: a PKCS#8 private key and an X.509 (SubjectPublicKeyInfo)
 * public key, each as PEM ({@code openssl genpkey -algorithm ed25519}, {@code openssl pkey -pubout}) or DER.
 */
public final class SealKeys {

    private SealKeys() {}

    /** Reads a private signing key. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(file)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(
                    "audit signing key " + file + " is not an Ed25519 PKCS#8 private key (PEM or DER);"
                            + " create one with: openssl genpkey -algorithm ed25519 -out " + file.getFileName(),
                    e);
        }
    }

    /** Reads a public key for verifying seals. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(file)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(
                    "audit verification key " + file + " is not an Ed25519 public key (PEM or DER);"
                            + " derive it with: openssl pkey -in PRIVATE.pem -pubout",
                    e);
        }
    }

    private static byte[] der(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        String text = new String(raw, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN")) {
            return raw;
        }
        // PEM is Base64 of the DER between the armour lines.
        var body = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.startsWith("-----") && !line.isBlank()) {
                body.append(line.trim());
            }
        }
        return Base64.getDecoder().decode(body.toString());
    }
}
