package org.kfm.breakglass.audit;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What an attacker with write access to the journal and its format can do: edit events, then recompute every
 * {@code prev}, {@code hash} and seal head from genesis so the chain is self-consistent again, and sign the seals
 * with a key of their choice. Only keys pinned outside the journal (or a witness) can tell.
 */
final class Forger {

    private enum Signatures {
        KEEP,
        STRIP,
        SIGN
    }

    private final Signatures signatures;
    private final PrivateKey signingKey;
    private final String recordedKey;

    private Forger(Signatures signatures, PrivateKey signingKey, String recordedKey) {
        this.signatures = signatures;
        this.signingKey = signingKey;
        this.recordedKey = recordedKey;
    }

    /** A forger without a key: seal heads follow the edit, the old signatures are left as they were. */
    static Forger keepingSignatures() {
        return new Forger(Signatures.KEEP, null, null);
    }

    /** A forger who removes every seal signature (and the key beside it). */
    static Forger strippingSignatures() {
        return new Forger(Signatures.STRIP, null, null);
    }

    /**
     * A forger who signs every seal with {@code key} and records {@code recordedKey} as the seal key in
     * session.start and seal.key (null: the recorded keys stay as they were).
     */
    static Forger signingWith(PrivateKey key, String recordedKey) {
        return new Forger(Signatures.SIGN, key, recordedKey);
    }

    /** Rewrites the journal's lines with {@code edit} applied to each event, re-chained and re-sealed. */
    List<String> rewrite(List<String> lines, UnaryOperator<AuditEvent> edit) {
        var out = new ArrayList<String>();
        var chainHash = new ChainHash();
        Map<UUID, String> lastOfSession = new HashMap<>();
        String prev = ChainHash.GENESIS;
        long seq = 0;
        for (var line : lines) {
            var e = edit.apply(CanonicalJson.parse(line));
            if (e == null) {
                continue;
            }
            String sealKey = e.sealKey() != null && recordedKey != null ? recordedKey : e.sealKey();
            Seal seal = e.seal();
            if (seal != null) {
                String head = lastOfSession.get(e.session());
                seal = switch (signatures) {
                    case KEEP -> new Seal(seal.events(), head, seal.signature(), seal.key());
                    case STRIP -> new Seal(seal.events(), head, null, null);
                    case SIGN ->
                        new Seal(
                                seal.events(),
                                head,
                                sign(e.session(), seal.events(), head),
                                seal.key() != null && recordedKey != null ? recordedKey : seal.key());
                };
            }
            var forged = new AuditEvent(
                    e.v(),
                    seq,
                    e.id(),
                    e.time(),
                    e.type(),
                    e.session(),
                    e.ei(),
                    e.operator(),
                    e.target(),
                    e.ticket(),
                    e.mode(),
                    e.justification(),
                    e.stmt(),
                    e.tunnel(),
                    e.checks(),
                    e.detail(),
                    seal,
                    sealKey,
                    e.review(),
                    e.reconciliation(),
                    prev,
                    null);
            var hash = chainHash.of(prev, CanonicalJson.write(forged, false));
            out.add(CanonicalJson.write(forged.withHash(hash), true));
            if (e.session() != null) {
                lastOfSession.put(e.session(), hash);
            }
            prev = hash;
            seq++;
        }
        return out;
    }

    /** A copy of {@code e} with another statement. */
    static AuditEvent withStatement(AuditEvent e, StatementRecord stmt) {
        return new AuditEvent(
                e.v(),
                e.seq(),
                e.id(),
                e.time(),
                e.type(),
                e.session(),
                e.ei(),
                e.operator(),
                e.target(),
                e.ticket(),
                e.mode(),
                e.justification(),
                stmt,
                e.tunnel(),
                e.checks(),
                e.detail(),
                e.seal(),
                e.sealKey(),
                e.review(),
                e.reconciliation(),
                e.prev(),
                e.hash());
    }

    /** The seal signature as the console makes it, with the forger's key. */
    private String sign(UUID session, long events, String head) {
        try {
            return SealSigner.of(signingKey).sign(session, events, head);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
