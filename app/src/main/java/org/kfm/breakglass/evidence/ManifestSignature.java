package org.kfm.breakglass.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Ed25519 over {@link EvidencePack#signedBytes}, with the journal's seal key (read by audit's {@code SealKeys}). */
final class ManifestSignature {

    private ManifestSignature() {}

    static byte[] sign(PrivateKey key, byte[] manifest) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(EvidencePack.signedBytes(manifest));
            return (Base64.getEncoder().encodeToString(s.sign()) + "\n").getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot sign the evidence manifest with the seal key: " + e.getMessage(), e);
        }
    }

    static boolean verifies(PublicKey key, byte[] manifest, byte[] signatureFile) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(EvidencePack.signedBytes(manifest));
            return s.verify(Base64.getDecoder().decode(new String(signatureFile, StandardCharsets.US_ASCII).strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
