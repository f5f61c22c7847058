package org.kfm.breakglass.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.SealKeys;
import org.kfm.breakglass.audit.VerificationOptions;
import org.kfm.breakglass.evidence.PackVerification.SignatureCheck;

/**
 * Checks an evidence pack offline ({@code evidence verify}): the zip holds only pack entries, the same through both
 * of its directories; every entry has the size and SHA-256 the manifest says and the manifest lists nothing
 * missing; the manifest's signature (required, and by a pinned key, when keys are pinned); the journal lines chain
 * from the session's {@code session.start} to its {@code journal.seal} and the seal holds (count, head, signature
 * — by a pinned key when pinned); the session's own lines are exactly its lines of the run; each event after the
 * seal verifies its own hash and is about the session; and the entries read off the journal (identity, preflight,
 * statements, exports) say exactly what the pack's own lines say. Stops at the first problem.
 */
public final class EvidencePackVerifier {

    private EvidencePackVerifier() {}

    /** The first problem found; its message is the verdict. */
    private static final class Broken extends Exception {
        Broken(String message) {
            super(message);
        }
    }

    /**
     * @param pinned the journal's seal key(s) ({@code --public-key}, the policy's {@code audit.seal.publicKey});
     *               empty: signatures are checked with the key the pack names, which a re-signed pack also passes
     * @throws IOException when the pack cannot be read at all (not for damage: that is in the answer)
     */
    public static PackVerification verify(Path pack, List<PublicKey> pinned) throws IOException {
        var notes = new ArrayList<String>();
        Optional<UUID> session = Optional.empty();
        Optional<String> name = Optional.empty();
        var signature = SignatureCheck.FAILED;
        String journal = "";
        try {
            Map<String, byte[]> entries;
            try {
                entries = PackReader.read(pack);
            } catch (PackReader.NotAPack e) {
                throw new Broken(e.getMessage());
            }
            byte[] manifestBytes = entries.get(EvidencePack.MANIFEST);
            if (manifestBytes == null) {
                throw new Broken("the pack has no manifest.json");
            }
            name = Optional.of(EvidencePack.sha256(manifestBytes));
            PackManifest manifest;
            try {
                manifest = PackManifest.parse(manifestBytes);
            } catch (IllegalArgumentException e) {
                throw new Broken(e.getMessage());
            }
            session = Optional.of(manifest.session());
            checkEntries(manifest, entries);
            signature = checkSignature(manifest, manifestBytes, entries.get(EvidencePack.SIGNATURE), pinned, notes);
            journal = checkJournal(manifest.session(), entries, pinned, notes);
            return new PackVerification(session, name, Optional.empty(), signature, journal, notes);
        } catch (Broken b) {
            return new PackVerification(session, name, Optional.of(b.getMessage()), signature, journal, notes);
        }
    }

    private static void checkEntries(PackManifest manifest, Map<String, byte[]> entries) throws Broken {
        for (var e : entries.entrySet()) {
            if (e.getKey().equals(EvidencePack.MANIFEST) || e.getKey().equals(EvidencePack.SIGNATURE)) {
                continue;
            }
            var listed = manifest.entries().get(e.getKey());
            if (listed == null) {
                throw new Broken(e.getKey() + " is in the pack but not in its manifest: it was added after packing");
            }
            if (listed.bytes() != e.getValue().length || !listed.sha256().equals(EvidencePack.sha256(e.getValue()))) {
                throw new Broken(
                        e.getKey() + " does not match its SHA-256 in the manifest: it was changed after" + " packing");
            }
        }
        for (var listed : manifest.entries().keySet()) {
            if (!entries.containsKey(listed)) {
                throw new Broken("the manifest lists " + listed + " but the pack does not hold it: it was removed");
            }
        }
        for (var required : EvidencePack.REQUIRED) {
            if (!entries.containsKey(required)) {
                throw new Broken("the pack has no " + required + ", which every evidence pack holds");
            }
        }
    }

    private static SignatureCheck checkSignature(
            PackManifest manifest, byte[] manifestBytes, byte[] sig, List<PublicKey> pinned, List<String> notes)
            throws Broken {
        Optional<PublicKey> named = namedKey(manifest);
        if (sig == null) {
            if (!pinned.isEmpty()) {
                throw new Broken("the pack is not signed, but a verification key is pinned");
            }
            if (named.isPresent()) {
                throw new Broken("the manifest names signing key "
                        + abbrev(manifest.key().get())
                        + " but the pack has no manifest.sig: the signature was removed");
            }
            notes.add("the manifest is not signed (no seal key was configured): its hashes catch damage, not a"
                    + " rewrite; what holds is the journal lines' own chain and seal, and the journal they came from");
            return SignatureCheck.UNSIGNED;
        }
        if (!pinned.isEmpty()) {
            if (named.isPresent()
                    && pinned.stream()
                            .noneMatch(k ->
                                    Arrays.equals(k.getEncoded(), named.get().getEncoded()))) {
                throw new Broken(
                        "the manifest is signed by " + abbrev(manifest.key().get())
                                + ", not by the pinned key: the pack was re-signed with another key (or the pinned key is not"
                                + " the one the console signs with)");
            }
            if (pinned.stream().noneMatch(k -> ManifestSignature.verifies(k, manifestBytes, sig))) {
                throw new Broken("manifest.sig does not verify with the pinned key: the manifest was changed after"
                        + " it was signed, or the pack was re-signed");
            }
            notes.add("manifest signed by the pinned key " + abbrev(SealKeys.encode(pinned.getFirst())));
            return SignatureCheck.PINNED;
        }
        if (named.isEmpty()) {
            throw new Broken("the pack is signed but its manifest names no key: pass --public-key");
        }
        if (!ManifestSignature.verifies(named.get(), manifestBytes, sig)) {
            throw new Broken("manifest.sig does not verify with the key the manifest names: the manifest was changed"
                    + " after it was signed");
        }
        notes.add("the manifest's signature was checked with the key the pack names ("
                + abbrev(manifest.key().get())
                + "): pin the journal's seal key (--public-key) to catch a pack re-signed with another key");
        return SignatureCheck.SELF_NAMED;
    }

    private static Optional<PublicKey> namedKey(PackManifest manifest) throws Broken {
        if (manifest.key().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SealKeys.parsePublicKey(manifest.key().get()));
        } catch (IllegalArgumentException e) {
            throw new Broken("the manifest names a signing key that is not an Ed25519 public key");
        }
    }

    private static String checkJournal(
            UUID session, Map<String, byte[]> entries, List<PublicKey> pinned, List<String> notes)
            throws IOException, Broken {
        Path dir = Files.createTempDirectory(
                "breakglass-evidence-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path chainFile = dir.resolve("chain.jsonl");
            Files.write(chainFile, entries.get(EvidencePack.CHAIN));
            var options = VerificationOptions.complete().withPinnedKeys(pinned).asPartial();
            var report = JournalVerifier.verify(List.of(chainFile), options);
            if (!report.ok()) {
                throw new Broken(EvidencePack.CHAIN + ": "
                        + report.problem().orElseThrow().message());
            }
            var run = lines(chainFile);
            var first = run.getFirst().event().orElseThrow();
            var last = run.getLast().event().orElseThrow();
            if (first.type() != EventType.SESSION_START || !session.equals(first.session()) || first.ei() != 0) {
                throw new Broken(EvidencePack.CHAIN + " does not start with the session.start of session " + session);
            }
            if (last.type() != EventType.JOURNAL_SEAL || !session.equals(last.session())) {
                throw new Broken(EvidencePack.CHAIN + " does not end with the journal.seal of session " + session);
            }
            var own = new java.io.ByteArrayOutputStream();
            var events = new ArrayList<AuditEvent>();
            for (var line : run) {
                var e = line.event().orElseThrow();
                if (session.equals(e.session())) {
                    own.writeBytes(line.bytes());
                    own.write('\n');
                    events.add(e);
                }
            }
            if (!Arrays.equals(own.toByteArray(), entries.get(EvidencePack.OWN_LINES))) {
                throw new Broken(EvidencePack.OWN_LINES + " is not the session's lines of " + EvidencePack.CHAIN);
            }
            var after = checkAfterSeal(session, entries.get(EvidencePack.AFTER_SEAL), dir, notes);
            checkDerived(SessionHistory.of(session, events), entries);
            checkReconciliation(
                    entries, Stream.concat(events.stream(), after.stream()).toList(), notes);
            if (last.seal().signature() == null) {
                notes.add("the session's seal is unsigned: the lines are consistent with each other, but only the"
                        + " journal (or its witness) shows they are the ones written");
            }
            notes.addAll(report.notes());
            return report.summary().lines().findFirst().orElse("");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (var p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Events written after the seal are not in the run: each must verify its own hash and be about the session. */
    private static List<AuditEvent> checkAfterSeal(UUID session, byte[] after, Path dir, List<String> notes)
            throws IOException, Broken {
        var events = new ArrayList<AuditEvent>();
        if (after == null) {
            return events;
        }
        var file = dir.resolve("after-seal.jsonl");
        Files.write(file, after);
        int n = 0;
        for (var line : lines(file)) {
            n++;
            var one = dir.resolve("after-" + n + ".jsonl");
            byte[] bytes = line.bytes();
            byte[] terminated = Arrays.copyOf(bytes, bytes.length + 1);
            terminated[bytes.length] = '\n';
            Files.write(one, terminated);
            var report = JournalVerifier.verify(
                    List.of(one), VerificationOptions.complete().asPartial());
            if (!report.ok() || line.event().isEmpty()) {
                throw new Broken(EvidencePack.AFTER_SEAL + " line " + n + ": "
                        + report.problem().map(p -> p.message()).orElse(line.unreadable()));
            }
            var e = line.event().get();
            boolean about = (e.review() != null && session.equals(e.review().session()))
                    || (e.reconciliation() != null
                            && session.equals(e.reconciliation().session()));
            if (e.session() != null || !about) {
                throw new Broken(EvidencePack.AFTER_SEAL + " line " + n + " (" + e.type() + " seq " + e.seq()
                        + ") is not an event about session " + session);
            }
            events.add(e);
        }
        notes.add(n + " event(s) about the session after its seal (review, reconciliation) verify their own hash;"
                + " they are not linked to the run — the journal they came from links them");
        return events;
    }

    private static void checkDerived(SessionHistory history, Map<String, byte[]> entries) throws Broken {
        same(entries, EvidencePack.IDENTITY, PackContents.identity(history));
        same(entries, EvidencePack.PREFLIGHT, PackContents.preflight(history));
        same(entries, EvidencePack.STATEMENTS, PackContents.statements(history));
        same(entries, EvidencePack.EXPORTS, PackContents.exports(history));
    }

    private static void same(Map<String, byte[]> entries, String name, byte[] expected) throws Broken {
        if (!Arrays.equals(entries.get(name), expected)) {
            throw new Broken(name + " does not say what the pack's journal lines say: it was rewritten (and the"
                    + " manifest with it)");
        }
    }

    /** Whether the reconciliation report is the one the journal recorded (its SHA-256 in session.reconciled). */
    private static void checkReconciliation(Map<String, byte[]> entries, List<AuditEvent> events, List<String> notes) {
        byte[] json = entries.get(EvidencePack.RECONCILIATION_JSON);
        if (json == null) {
            notes.add("the pack holds no reconciliation with the server's log");
            return;
        }
        String sha = EvidencePack.sha256(json);
        boolean journaled = events.stream()
                .anyMatch(e -> e.reconciliation() != null
                        && sha.equals(e.reconciliation().reportSha256()));
        notes.add(
                journaled
                        ? "reconciliation.json is the report a session.reconciled event of these lines records"
                        : "reconciliation.json is not recorded by any session.reconciled event in the pack: it rests on the"
                                + " manifest alone");
    }

    private static List<JournalReader.Line> lines(Path file) throws IOException, Broken {
        var out = new ArrayList<JournalReader.Line>();
        JournalReader.forEachLine(List.of(file), out::add);
        for (var l : out) {
            if (l.event().isEmpty()) {
                throw new Broken(
                        file.getFileName() + " line " + l.number() + " is not an audit record: " + l.unreadable());
            }
        }
        if (out.isEmpty()) {
            throw new Broken(file.getFileName() + " is empty");
        }
        return out;
    }

    private static String abbrev(String key) {
        return key.length() > 16 ? key.substring(key.length() - 16) : key;
    }
}
