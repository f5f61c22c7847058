package org.kfm.breakglass.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditShow;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.SealKeys;
import org.kfm.breakglass.audit.VerificationReport;
import org.kfm.breakglass.text.TerminalText;

/**
 * Read-only tools over audit journals for auditors and operators: verify the chain and seals, and show the
 * events like a human would read them. Nothing here opens a session or touches the cluster.
 */
public final class AuditReview {
    private AuditReview() {}

    /** The outcome of {@code audit verify}: one line, and whether the journals are intact. */
    public record Verdict(boolean intact, String summary, String problem) {}

    public static Verdict verify(List<Path> paths, Optional<Path> publicKey) throws SessionFailure {
        try {
            Optional<java.security.PublicKey> key =
                    publicKey.isPresent() ? Optional.of(SealKeys.readPublicKey(publicKey.get())) : Optional.empty();
            VerificationReport report = JournalVerifier.verify(paths, key);
            return new Verdict(
                    report.ok(),
                    report.summary(),
                    report.problem().map(Object::toString).orElse(null));
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
