package org.kfm.breakglass.audit;

import java.security.PublicKey;
import java.util.List;

/**
 * How {@link JournalVerifier} judges a journal.
 *
 * @param pinnedKeys the Ed25519 keys seals must be signed with ({@code --public-key}, the policy's
 *                   {@code audit.seal.publicKey}); empty: each signature is checked with the key the journal
 *                   records, which cannot reveal a journal re-signed with another key
 * @param partial    the auditor asked for a partial check: a chain that does not start at genesis, sessions cut off
 *                   at its start and sessions unsealed at its end are listed as not verified instead of failing
 */
public record VerificationOptions(List<PublicKey> pinnedKeys, boolean partial) {

    public VerificationOptions {
        pinnedKeys = List.copyOf(pinnedKeys);
    }

    /** The full check: from genesis, every session sealed, signatures checked with the recorded keys. */
    public static VerificationOptions complete() {
        return new VerificationOptions(List.of(), false);
    }

    public VerificationOptions withPinnedKeys(List<PublicKey> keys) {
        return new VerificationOptions(keys, partial);
    }

    public VerificationOptions asPartial() {
        return new VerificationOptions(pinnedKeys, true);
    }
}
