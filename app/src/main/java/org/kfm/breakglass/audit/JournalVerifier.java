package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Checks journal files for tampering: each line's hash, the chain from genesis, from line to line and file to
 * file, seq and per-session ei continuity, seals (event count, head, every Ed25519 signature present) and that
 * every session is sealed. Streams lines, so a million events take seconds; stops at the first problem. What a
 * partial check leaves unverified is listed in the report.
 */
public final class JournalVerifier {

    private JournalVerifier() {}

    /** The complete check, signatures checked with the keys the journal records. */
    public static VerificationReport verify(List<Path> paths) throws IOException {
        return verify(paths, VerificationOptions.complete());
    }

    /** The complete check with {@code key} pinned when present. */
    public static VerificationReport verify(List<Path> paths, Optional<PublicKey> key) throws IOException {
        return verify(
                paths,
                VerificationOptions.complete().withPinnedKeys(key.stream().toList()));
    }

    /**
     * @param paths files and/or directories; directories contribute their {@code journal-*.jsonl} files, and
     *              journal files are put in chain order
     * @throws IOException when a path does not exist or cannot be read (not for damage: that is in the report)
     */
    public static VerificationReport verify(List<Path> paths, VerificationOptions options) throws IOException {
        var files = JournalFiles.expand(paths);
        if (files.isEmpty()) {
            return VerificationReport.problemOnly(
                    options,
                    new VerificationProblem(
                            ProblemKind.EMPTY,
                            paths.getFirst(),
                            0,
                            "no journal files (journal-YYYY-MM-DD[.N].jsonl) in " + paths
                                    + ": nothing is verified; pass the audit directory that holds them"));
        }
        return new VerificationRun(files, options).execute();
    }
}
