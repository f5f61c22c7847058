package org.kfm.breakglass.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.VerificationOptions;
import org.kfm.breakglass.audit.VerificationReport;

/**
 * The pack's {@code verification.txt}: two checks made at packing time, each saying exactly what it covers. The
 * session's run ({@code journal/chain.jsonl}) verified as a partial chain with its seal — the check {@code
 * evidence verify} repeats offline — and {@code audit verify} of the whole journal directory, which covers every
 * console's lines, most of them not in the pack: a problem it reports (another console still writing, another
 * session's torn tail) may lie outside this session's lines, and only the journal itself can re-check it.
 */
final class PackVerificationText {

    private PackVerificationText() {}

    /** @param run the run's check ({@link #runVerification}), its own words */
    static String render(Path journalDir, SessionChain chain, String run, VerificationReport whole) {
        String nl = "\n";
        return "Verification at packing time of session " + chain.session() + nl
                + nl
                + "1. This session's lines in the pack: " + EvidencePack.CHAIN + ", seq " + chain.firstSeq() + " to "
                + chain.lastSeq() + " (its session.start to its journal.seal), "
                + chain.run().size() + " line(s), "
                + chain.own().size() + " of them the session's own, "
                + (chain.run().size() - chain.own().size())
                + " of " + chain.otherSessions().size() + " other session(s) written in between; "
                + chain.afterSeal().size() + " event(s) about it after the seal in " + EvidencePack.AFTER_SEAL
                + " (each checked on its own hash)." + nl
                + "   Checked as a partial chain ending in the session's seal, as `breakglass evidence verify` does"
                + " offline:" + nl
                + "   " + indent(run) + nl
                + nl
                + "2. The whole journal directory " + journalDir + " (`audit verify`):" + nl
                + "   " + indent(whole.summary()) + nl
                + "   This covers every console's lines in the directory; the pack holds only the lines named in 1."
                + " A problem reported here outside seq " + chain.firstSeq() + " to " + chain.lastSeq()
                + " (another console still writing, another session's torn tail) is not in this session's lines,"
                + " and only the journal itself can check it again." + nl;
    }

    /**
     * The run verified on its own, as a partial chain that must end in the session's seal; the summary names the
     * run by its entry name, not the temporary file it was checked in (the same journal gives the same pack).
     */
    static String runVerification(SessionChain chain, List<PublicKey> pinnedKeys) throws IOException {
        Path dir = Files.createTempDirectory(
                "breakglass-pack-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve("chain.jsonl");
        try {
            Files.write(file, SessionChain.jsonl(chain.run()));
            var report = JournalVerifier.verify(
                    List.of(file),
                    VerificationOptions.complete().withPinnedKeys(pinnedKeys).asPartial());
            return report.summary().replace(file.toString(), EvidencePack.CHAIN).replace(dir.toString(), ".");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static String indent(String text) {
        return text.replace(System.lineSeparator(), "\n").replace("\n", "\n   ");
    }
}
