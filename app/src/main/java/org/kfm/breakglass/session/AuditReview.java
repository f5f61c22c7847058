package org.kfm.breakglass.session;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditShow;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.SealKeys;
import org.kfm.breakglass.audit.VerificationOptions;
import org.kfm.breakglass.audit.VerificationReport;
import org.kfm.breakglass.text.TerminalText;

/**
 * Read-only tools over audit journals for auditors and operators: verify the chain and seals, and show the
 * events like a human would read them. Nothing here opens a session or touches the cluster.
 */
public final class AuditReview {
    private AuditReview() {}

    /** The outcome of {@code audit verify}: the verdict, and whether the journals are intact. */
    public record Verdict(boolean intact, String summary, String problem) {}

    /**
     * {@code audit verify}: the whole chain from genesis (or, with {@code partial}, the given range, saying what is
     * not verified) and every seal signature. The key for signatures is {@code publicKeys} when given, else the
     * policy's {@code audit.seal.publicKey}, else the key the journal records (and the verdict says what that
     * cannot show).
     */
    public static Verdict verify(List<Path> paths, List<Path> publicKeys, Optional<Path> policyFile, boolean partial)
            throws SessionFailure {
        List<PublicKey> pinned = new ArrayList<>();
        String pinnedBy;
        try {
            for (var file : publicKeys) {
                pinned.add(SealKeys.readPublicKey(file));
            }
            pinnedBy = publicKeys.isEmpty() ? null : "--public-key " + publicKeys;
        } catch (IOException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
        if (pinned.isEmpty()) {
            try {
                var loaded = new PolicyLoader().load(policyFile, System.getenv());
                var key = loaded.policy().audit().seal().pinnedKey();
                if (key.isPresent()) {
                    pinned.add(key.get());
                    pinnedBy = "audit.seal.publicKey of the policy " + loaded.source();
                }
            } catch (PolicyException e) {
                throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
            }
        }
        try {
            var options = new VerificationOptions(pinned, partial);
            VerificationReport report = JournalVerifier.verify(paths, options);
            String summary = report.summary()
                    + (pinnedBy != null && report.ok()
                            ? System.lineSeparator() + "  note: seal key pinned by " + pinnedBy
                            : "");
            return new Verdict(
                    report.ok(), summary, report.problem().map(Object::toString).orElse(null));
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "cannot read the journal: " + e.getMessage() + " — pass journal files or the audit directory",
                    e);
        }
    }

    /** {@code audit show}: the events of every file (or one session) as a table or JSON lines. */
    public static String show(List<Path> paths, Optional<String> session, boolean json) throws SessionFailure {
        try {
            Optional<UUID> id = session.map(UUID::fromString);
            var result = JournalReader.read(paths, id);
            String text = AuditShow.render(result.events(), json ? AuditShow.Format.JSON : AuditShow.Format.TABLE);
            if (!result.unreadable().isEmpty()) {
                text += System.lineSeparator() + "unreadable lines (run audit verify): "
                        + TerminalText.escape(String.join(", ", result.unreadable()));
            }
            return text;
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "cannot show the journal: " + e.getMessage(), e);
        }
    }
}
