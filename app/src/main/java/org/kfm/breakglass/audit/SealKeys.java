package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Loads the Ed25519 keys that sign and check seals: a PKCS#8 private key and an X.509 (SubjectPublicKeyInfo)
 * public key, each as PEM ({@code openssl genpkey -algorithm ed25519}, {@code openssl pkey -pubout}) or DER. The
 * journal and the policy carry public keys as text: Base64 of the SubjectPublicKeyInfo DER ({@link #encode}),
 * which is what {@code openssl pkey -pubout -outform DER | base64} prints.
 */
public final class SealKeys {

    private SealKeys() {}

    /** The public key as the journal records it: Base64 (standard alphabet, padded) of its X.509 encoding. */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Reads a public key given as text: Base64 of the X.509 DER, or a PEM block ({@code -----BEGIN PUBLIC KEY-----}).
     *
     * @throws IllegalArgumentException saying what is wrong and how to produce a valid one
     */
    public static PublicKey parsePublicKey(String text) {
        try {
            byte[] der = text.contains("-----BEGIN")
                    ? pemBody(text)
                    : Base64.getDecoder().decode(text.strip());
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not an Ed25519 public key (expected Base64 of its X.509 DER, or a PEM block); print one with:"
                            + " openssl pkey -in PRIVATE.pem -pubout -outform DER | base64 -w0",
                    e);
        }
    }

    /**
     * The public half of an Ed25519 private key. The JDK has no call for it, but its key-pair generator derives the
     * public key from the 32 random bytes it draws; fed the private key's own bytes, it derives this key's public
     * half. A signature made with the private key is checked with the result, so a wrong derivation fails here.
     */
    public static PublicKey publicKeyOf(PrivateKey key) throws IOException {
        try {
            if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
                throw new IOException("the audit signing key is not an Ed25519 private key with key bytes");
            }
            byte[] seed = ed.getBytes().get();
            var generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            PublicKey derived = generator.generateKeyPair().getPublic();
            if (!matches(key, derived)) {
                throw new IOException("could not derive the public key of the audit signing key with this JDK");
            }
            return derived;
        } catch (GeneralSecurityException e) {
            throw new IOException("could not derive the public key of the audit signing key: " + e.getMessage(), e);
        }
    }

    /** True when a signature by {@code privateKey} verifies with {@code publicKey}. */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "breakglass seal key check".getBytes(StandardCharsets.US_ASCII);
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Hands out the given bytes instead of random ones (see {@link #publicKeyOf}). */
    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("expected a request for " + bytes.length + " bytes, got " + out.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }

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
        return pemBody(text);
    }

    private static byte[] pemBody(String text) {
        // PEM is Base64 of the DER between the armour lines (which YAML may have folded onto one line).
        String body = text.replaceAll("-----(BEGIN|END) [A-Z0-9 ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
