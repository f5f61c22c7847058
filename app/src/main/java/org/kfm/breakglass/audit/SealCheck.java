package org.kfm.breakglass.audit;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verifier's rule for seal signatures: every signature present is checked. The key is a pinned one (from
 * {@code --public-key} or the policy) when there is one — and then every key the journal records must be one of
 * them, or the journal was re-signed — else the key the journal records: in the session's {@code session.start}
 * ({@code sealKey}) or beside the signature ({@code seal.key}). A session whose start records a key must have a
 * signed seal.
 */
final class SealCheck {

    private final List<PublicKey> pinned;
    private final Map<String, Optional<PublicKey>> parsed = new HashMap<>();
    private long signedWithPinned;
    private long signedWithRecorded;
    private long unsigned;
    private String recordedExample;

    SealCheck(List<PublicKey> pinned) {
        this.pinned = pinned;
    }

    /** Checks one seal; {@code startKey} is the key the session's start recorded (null when none or not seen). */
    VerificationProblem check(Path file, long line, LineFacts seal, String startKey) {
        for (var recorded : new String[] {startKey, seal.sealSignedBy()}) {
            if (recorded == null) {
                continue;
            }
            var key = parse(recorded);
            if (key.isEmpty()) {
                return problem(file, line, "the journal records a seal key that is not an Ed25519 public key");
            }
            if (!pinned.isEmpty() && !isPinned(key.get())) {
                return new VerificationProblem(
                        ProblemKind.RESIGNED,
                        file,
                        line,
                        "the journal records seal key " + abbrev(recorded) + " but the pinned key is "
                                + pinnedText() + ": the session was re-signed with another key (or the pinned key"
                                + " is not the one the console signs with)");
            }
        }
        if (seal.sealSignature() == null) {
            if (!pinned.isEmpty()) {
                return problem(file, line, "the seal is not signed, but a verification key is pinned");
            }
            if (startKey != null) {
                return problem(
                        file,
                        line,
                        "the seal is not signed, but the session's start says its seal is signed by " + abbrev(startKey)
                                + ": the signature was removed");
            }
            unsigned++;
            return null;
        }
        if (!pinned.isEmpty()) {
            for (var key : pinned) {
                if (verifies(key, seal)) {
                    signedWithPinned++;
                    return null;
                }
            }
            return problem(file, line, "the seal's signature does not verify with the pinned key " + pinnedText());
        }
        String recorded = seal.sealSignedBy() != null ? seal.sealSignedBy() : startKey;
        if (recorded == null) {
            return problem(
                    file,
                    line,
                    "the seal is signed but the journal records no key to check it with: pass --public-key (or"
                            + " set audit.seal.publicKey in the policy)");
        }
        if (!verifies(parse(recorded).orElseThrow(), seal)) {
            return problem(file, line, "the seal's signature does not verify with the key the journal records for it");
        }
        signedWithRecorded++;
        recordedExample = recorded;
        return null;
    }

    /** What the signature verdict rests on, for the report. */
    List<String> notes() {
        var notes = new ArrayList<String>();
        if (signedWithPinned > 0) {
            notes.add(signedWithPinned + " seal signature(s) checked with the pinned key " + pinnedText());
        }
        if (signedWithRecorded > 0) {
            notes.add(signedWithRecorded + " seal signature(s) checked with the key the journal itself records ("
                    + abbrev(recordedExample) + "); a journal re-signed with another key cannot be detected without"
                    + " a pinned key (--public-key, or audit.seal.publicKey in the policy)");
        }
        if (unsigned > 0) {
            notes.add(unsigned + " seal(s) unsigned: a journal rewritten as a whole cannot be detected from the"
                    + " journal alone; compare with a remote copy or witness");
        }
        return notes;
    }

    private boolean isPinned(PublicKey key) {
        return pinned.stream().anyMatch(p -> java.util.Arrays.equals(p.getEncoded(), key.getEncoded()));
    }

    private Optional<PublicKey> parse(String text) {
        return parsed.computeIfAbsent(text, t -> {
            try {
                return Optional.of(SealKeys.parsePublicKey(t));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private static boolean verifies(PublicKey key, LineFacts seal) {
        return SealSigner.verify(key, seal.session(), seal.sealEvents(), seal.sealHead(), seal.sealSignature());
    }

    private String pinnedText() {
        return String.join(
                " or ", pinned.stream().map(k -> abbrev(SealKeys.encode(k))).toList());
    }

    private static VerificationProblem problem(Path file, long line, String message) {
        return new VerificationProblem(ProblemKind.BAD_SIGNATURE, file, line, message);
    }

    /** Keys share the same 16-character X.509 prefix; the end tells them apart. */
    private static String abbrev(String key) {
        return key.length() > 24 ? "…" + key.substring(key.length() - 12) : key;
    }
}
