package org.kfm.breakglass.audit;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.UUID;

/** Signs and checks seals with Ed25519 over {@link Seal#signedMessage}; signatures are Base64 on the wire. */
final class SealSigner {

    private final PrivateKey key;

    SealSigner(PrivateKey key) {
        this.key = key;
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
