package org.kfm.breakglass.audit;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs and checks seals with Ed25519 over {@link Seal#signedMessage}; signatures are Base64 on the wire. Knows
 * its public key as the journal records it ({@link SealKeys#encode}), so every signed seal says what checks it.
 */
final class SealSigner {

    private final PrivateKey key;
    private final String publicKeyText;

    private SealSigner(PrivateKey key, String publicKeyText) {
        this.key = key;
        this.publicKeyText = publicKeyText;
    }

    /** A signer for {@code key}, with its public half derived once. */
    static SealSigner of(PrivateKey key) throws IOException {
        return new SealSigner(key, SealKeys.encode(SealKeys.publicKeyOf(key)));
    }

    /** The public key that checks this signer's seals, as recorded in the journal. */
    String publicKeyText() {
        return publicKeyText;
    }

    String sign(UUID session, long events, String head) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(Seal.signedMessage(session, events, head));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign audit seal with the configured Ed25519 key", e);
        }
    }

    static boolean verify(PublicKey key, String session, long events, String head, String signature) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(Seal.signedMessage(UUID.fromString(session), events, head));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
