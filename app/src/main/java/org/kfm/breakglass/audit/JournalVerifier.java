package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Checks journal files for tampering: each line's hash, the chain from line to line and file to file, seq and
 * per-session ei continuity, seals (event count, head, optional Ed25519 signature) and that every session is
 * sealed. Streams lines, so a million events take seconds; stops at the first problem.
 */
public final class JournalVerifier {

    private JournalVerifier() {}

    /** Verifies without checking signatures. */
    public static VerificationReport verify(List<Path> paths) throws IOException {
        return verify(paths, Optional.empty());
    }

    /**
     * @param paths files and/or directories; directories contribute their {@code journal-*.jsonl} files, and
     *              journal files are put in chain order
     * @param key   when present, every seal must carry a valid signature by the matching private key
     * @throws IOException when a path cannot be read (not for damage: that is in the report)
     */
    public static VerificationReport verify(List<Path> paths, Optional<PublicKey> key) throws IOException {
        var files = JournalFiles.expand(paths);
        if (files.isEmpty()) {
            throw new IOException("no journal files (journal-YYYY-MM-DD[.N].jsonl) found in " + paths);
        }
        return new VerificationRun(files, key).execute();
    }
}
