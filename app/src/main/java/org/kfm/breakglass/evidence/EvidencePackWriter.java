package org.kfm.breakglass.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.SealKeys;
import org.kfm.breakglass.audit.VerificationOptions;

/**
 * Writes a session's evidence pack ({@link EvidencePack}): its journal lines with their proof ({@link SessionChain}),
 * the journal's verification at packing time, the reconciliation and witness reports when given, what the journal
 * says of identity, preflight, statements and exports, the one-page summary, and the manifest — signed with the
 * journal's Ed25519 seal key when one is configured. The file is created {@code 0600} (it holds SQL and reasons, as
 * the journal does) and never overwrites an existing one.
 */
public final class EvidencePackWriter {

    /**
     * What to pack.
     *
     * @param journalDir     the audit directory the session was journaled in
     * @param reconciliation the report, when the session was reconciled
     * @param witnessReport  {@code audit verify --witness}'s summary, when it was run
     * @param signingKey     the journal's seal signing key (PKCS#8), when configured
     * @param pinnedKeys     keys the verification at packing time pins (the policy's {@code audit.seal.publicKey})
     */
    public record Request(
            Path journalDir,
            UUID session,
            Optional<ReconciliationReport> reconciliation,
            Optional<String> witnessReport,
            Optional<Path> signingKey,
            List<PublicKey> pinnedKeys,
            Clock clock) {

        public Request {
            pinnedKeys = List.copyOf(pinnedKeys);
        }
    }

    /** What was written: the file, its name for reviews (SHA-256 of the manifest), whether it is signed. */
    public record Result(Path file, String manifestSha256, boolean signed, List<String> entries) {
        public Result {
            entries = List.copyOf(entries);
        }
    }

    private EvidencePackWriter() {}

    /**
     * @throws IllegalArgumentException the session is not in the journal, or not sealed
     * @throws FileAlreadyExistsException {@code out} exists
     * @throws IOException              the journal, the key or the output cannot be used
     */
    public static Result write(Request request, Path out) throws IOException {
        if (Files.exists(out)) {
            throw new FileAlreadyExistsException(
                    out.toString(), null, "an evidence pack is never overwritten; choose another --out");
        }
        Optional<PrivateKey> key = request.signingKey().isPresent()
                ? Optional.of(SealKeys.readPrivateKey(request.signingKey().get()))
                : Optional.empty();
        var chain = SessionChain.read(request.journalDir(), request.session());
        var history = SessionHistory.of(request.session(), chain.events());
        var verification = JournalVerifier.verify(
                List.of(request.journalDir()), VerificationOptions.complete().withPinnedKeys(request.pinnedKeys()));

        var entries = new LinkedHashMap<String, byte[]>();
        var summary =
                EvidenceSummary.page(history, chain, verification, request.reconciliation(), request.witnessReport());
        entries.put(EvidencePack.SUMMARY_MD, summary.markdown());
        entries.put(EvidencePack.SUMMARY_HTML, summary.html());
        entries.put(EvidencePack.IDENTITY, PackContents.identity(history));
        entries.put(EvidencePack.PREFLIGHT, PackContents.preflight(history));
        entries.put(EvidencePack.STATEMENTS, PackContents.statements(history));
        entries.put(EvidencePack.EXPORTS, PackContents.exports(history));
        entries.put(
                EvidencePack.VERIFICATION,
                text(PackVerificationText.render(
                        request.journalDir(),
                        chain,
                        PackVerificationText.runVerification(chain, request.pinnedKeys()),
                        verification)));
        request.witnessReport()
                .ifPresent(w -> entries.put(EvidencePack.WITNESS, text(w.endsWith("\n") ? w : w + "\n")));
        if (request.reconciliation().isPresent()) {
            var r = request.reconciliation().get();
            entries.put(EvidencePack.RECONCILIATION_JSON, ReconciliationJson.write(r));
            entries.put(EvidencePack.RECONCILIATION_TEXT, text(ReconciliationText.render(r)));
        } else {
            entries.put(
                    EvidencePack.RECONCILIATION_TEXT,
                    text("not reconciled: no reconciliation with the server's log was given to the pack\n"));
        }
        entries.put(EvidencePack.CHAIN, SessionChain.jsonl(chain.run()));
        entries.put(EvidencePack.OWN_LINES, SessionChain.jsonl(chain.own()));
        if (!chain.afterSeal().isEmpty()) {
            entries.put(EvidencePack.AFTER_SEAL, SessionChain.jsonl(chain.afterSeal()));
        }

        Instant created = request.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Optional<PublicKey> publicKey =
                key.isPresent() ? Optional.of(SealKeys.publicKeyOf(key.get())) : Optional.empty();
        byte[] manifest = PackManifest.write(request.session(), created, entries, publicKey);
        var all = new LinkedHashMap<String, byte[]>();
        all.put(EvidencePack.MANIFEST, manifest);
        key.ifPresent(k -> all.put(EvidencePack.SIGNATURE, ManifestSignature.sign(k, manifest)));
        all.putAll(entries);
        writeZip(all, created, out);
        return new Result(out, EvidencePack.sha256(manifest), key.isPresent(), List.copyOf(all.keySet()));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeZip(Map<String, byte[]> entries, Instant created, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".evidence-", ".zip.part");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // other file systems keep their own default
            }
            try (OutputStream os = Files.newOutputStream(tmp);
                    var zip = new ZipOutputStream(os)) {
                for (var e : entries.entrySet()) {
                    var entry = new ZipEntry(e.getKey());
                    entry.setLastModifiedTime(FileTime.from(created));
                    zip.putNextEntry(entry);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
