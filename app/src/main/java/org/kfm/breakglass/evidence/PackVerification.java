package org.kfm.breakglass.evidence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@code evidence verify} found: the first problem, if any (a pack with one is not evidence), and what the
 * verdict rests on — which key checked the manifest's and the seal's signatures, or that nothing did.
 *
 * @param session        the session the pack is about, when its manifest could be read
 * @param manifestSha256 the pack's name (SHA-256 of {@code manifest.json}), what a review records
 * @param signature      how the manifest's signature was checked
 * @param journal        the verifier's summary of the pack's own journal lines
 * @param notes          what the verdict rests on, and what the pack does not prove
 */
public record PackVerification(
        Optional<UUID> session,
        Optional<String> manifestSha256,
        Optional<String> problem,
        SignatureCheck signature,
        String journal,
        List<String> notes) {

    public PackVerification {
        notes = List.copyOf(notes);
    }

    /** How the manifest's signature was judged. */
    public enum SignatureCheck {
        /** Signed, and the signature verifies with a pinned key: the pack is what the console's key signed. */
        PINNED,
        /** Signed, checked with the key the pack itself names: proves nothing against someone who re-signs it. */
        SELF_NAMED,
        /** Not signed: the hashes catch accidental change only. */
        UNSIGNED,
        /** The signature is missing, wrong or made with another key than the pinned one. */
        FAILED
    }

    public boolean ok() {
        return problem.isEmpty();
    }

    /** For the CLI: the verdict first, then what it rests on. */
    public String summary() {
        var text = new StringBuilder(
                problem.map(p -> "BROKEN " + p).orElse("OK evidence pack of session " + session.orElseThrow()));
        manifestSha256.ifPresent(m -> text.append("\n  manifest sha256 ").append(m));
        if (!journal.isEmpty()) {
            text.append("\n  journal lines: ").append(journal.replace("\n", "\n  "));
        }
        notes.forEach(n -> text.append("\n  note: ").append(n));
        return text.toString();
    }
}
