package org.kfm.breakglass.evidence;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.audit.SealKeys;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.SessionFailure;

/**
 * {@code evidence} and {@code evidence verify}: a sealed session's evidence pack written with the policy's seal key
 * (when configured) and checked against the pinned key, and a pack read back offline. With {@code --reconcile} the
 * session is reconciled first and the {@code session.reconciled} journaled, so the pack carries both the report and
 * the event that records it.
 */
public final class PackExport {

    /** A pack written: the file, its name for a review, whether signed, and the reconciliation if one was made. */
    public record Written(EvidencePackWriter.Result result, Optional<SessionReconciliation.Outcome> reconciliation) {}

    private PackExport() {}

    public static Written write(
            AfterSession after,
            Optional<Path> journalDir,
            String sessionId,
            Path out,
            boolean reconcile,
            Optional<Path> kubeconfig,
            Optional<String> context)
            throws SessionFailure {
        Path dir = journalDir.orElse(after.auditDir());
        var session = JournalSessions.read(dir).sealed(sessionId);
        Optional<SessionReconciliation.Outcome> outcome = reconcile
                ? Optional.of(SessionReconciliation.run(after, Optional.of(dir), sessionId, kubeconfig, context))
                : Optional.empty();
        var audit = after.policy().audit();
        var request = new EvidencePackWriter.Request(
                dir,
                session.session(),
                outcome.map(SessionReconciliation.Outcome::report),
                Optional.empty(),
                Optional.ofNullable(audit.signingKey()).map(Path::of),
                audit.seal().pinnedKey().map(List::of).orElse(List.of()),
                after.clock());
        try {
            return new Written(EvidencePackWriter.write(request, out), outcome);
        } catch (FileAlreadyExistsException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    out + " exists: an evidence pack is never overwritten; choose another --out",
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE, "the evidence pack cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * @param publicKeys the seal keys to pin ({@code --public-key}); none: the policy's {@code audit.seal.publicKey},
     *                   else the key the pack names (and the verdict says what that cannot show)
     */
    public static PackVerification verify(Path pack, List<Path> publicKeys, AfterSession after) throws SessionFailure {
        List<PublicKey> pinned = new ArrayList<>();
        try {
            for (var file : publicKeys) {
                pinned.add(SealKeys.readPublicKey(file));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "--public-key: " + e.getMessage(), e);
        }
        if (pinned.isEmpty()) {
            after.policy().audit().seal().pinnedKey().ifPresent(pinned::add);
        }
        try {
            return EvidencePackVerifier.verify(pack, pinned);
        } catch (IOException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "cannot read " + pack + ": " + e.getMessage(), e);
        }
    }
}
