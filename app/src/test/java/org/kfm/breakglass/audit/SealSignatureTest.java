package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealSignatureTest {

    @TempDir
    Path dir;

    @Test
    void signedSealVerifiesWithItsPublicKeyAndFailsWithAnother() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var keyFile = writePem(keys, "signing.pem");
        var journal = Files.createDirectory(dir.resolve("journal"));
        var session =
                JournalFixture.writeSession(AuditSettings.localOnly(journal).withSigningKey(keyFile));

        var seal = CanonicalJson.parse(
                        JournalFixture.lines(JournalFixture.onlyFile(journal)).getLast())
                .seal();
        assertThat(seal.signature()).isNotBlank();
        assertThat(session).isNotNull();

        var pubFile = dir.resolve("signing.pub.pem");
        Files.writeString(
                pubFile,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        var good = JournalVerifier.verify(List.of(journal), Optional.of(SealKeys.readPublicKey(pubFile)));
        assertThat(good.ok()).as(good.summary()).isTrue();

        // Pinning another key: the key the journal records for the session is not the pinned one (found at its seal).
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var bad = JournalVerifier.verify(List.of(journal), Optional.of(other.getPublic()));
        assertThat(bad.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.RESIGNED);
            assertThat(p.line()).isEqualTo(10);
        });
    }

    @Test
    void unsignedSealFailsWhenAKeyIsExpected() throws Exception {
        JournalFixture.writeSession(AuditSettings.localOnly(dir));
        var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        var report = JournalVerifier.verify(List.of(dir), Optional.of(key));

        assertThat(report.problem())
                .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(ProblemKind.BAD_SIGNATURE));
    }

    @Test
    void theSessionStartAndTheSealRecordThePublicKeyThatChecksTheSeal() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withSigningKey(writePem(keys, "k.pem")));

        var lines = JournalFixture.lines(JournalFixture.onlyFile(dir));
        var expected = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        assertThat(CanonicalJson.parse(lines.getFirst()).sealKey()).isEqualTo(expected);
        assertThat(CanonicalJson.parse(lines.getLast()).seal().key()).isEqualTo(expected);
        assertThat(CanonicalJson.parse(lines.get(1)).sealKey())
                .as("only on session.start")
                .isNull();
    }

    @Test
    void aSignatureIsCheckedWithoutAPublicKeyAgainstTheRecordedKey() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withSigningKey(writePem(keys, "k.pem")));
        var good = JournalVerifier.verify(List.of(dir));
        assertThat(good.ok()).as(good.summary()).isTrue();
        assertThat(good.notes())
                .anySatisfy(n -> assertThat(n)
                        .contains("checked with the key the journal itself records")
                        .contains("cannot be detected without a pinned key"));

        // A forger who edits a statement and re-chains cannot make the old signature fit the new head.
        var file = JournalFixture.onlyFile(dir);
        JournalFixture.writeLines(
                file,
                Forger.keepingSignatures()
                        .rewrite(
                                JournalFixture.lines(file),
                                e -> e.stmt() != null && e.stmt().sql().contains("42")
                                        ? Forger.withStatement(e, StatementRecord.before("SELECT 1", "READ"))
                                        : e));

        var bad = JournalVerifier.verify(List.of(dir));
        assertThat(bad.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.BAD_SIGNATURE);
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.message()).contains("the key the journal records");
        });
    }

    @Test
    void aRemovedSignatureIsFoundBecauseTheSessionStartRecordsItsKey() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withSigningKey(writePem(keys, "k.pem")));
        var file = JournalFixture.onlyFile(dir);

        JournalFixture.writeLines(file, Forger.strippingSignatures().rewrite(JournalFixture.lines(file), e -> e));

        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.BAD_SIGNATURE);
            assertThat(p.message()).contains("signature was removed");
        });
    }

    @Test
    void aChainReSignedWithTheForgersOwnKeyIsFoundOnlyWithThePinnedKey() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withSigningKey(writePem(keys, "k.pem")));
        var file = JournalFixture.onlyFile(dir);
        var forgersKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var forger = Forger.signingWith(forgersKeys.getPrivate(), SealKeys.encode(forgersKeys.getPublic()));

        JournalFixture.writeLines(
                file,
                forger.rewrite(
                        JournalFixture.lines(file),
                        e -> e.stmt() != null && e.stmt().sql().contains("42")
                                ? Forger.withStatement(e, StatementRecord.before("SELECT 'nothing to see'", "READ"))
                                : e));

        var unpinned = JournalVerifier.verify(List.of(dir));
        assertThat(unpinned.ok())
                .as("self-consistent: only a key from outside the journal can tell")
                .isTrue();
        assertThat(unpinned.notes()).anySatisfy(n -> assertThat(n).contains("cannot be detected without a pinned key"));

        var pinned = JournalVerifier.verify(List.of(dir), Optional.of(keys.getPublic()));
        assertThat(pinned.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.RESIGNED);
            assertThat(p.message()).contains("re-signed");
        });
    }

    @Test
    void aSealSignedByAnotherKeyThanTheOneRecordedFailsEvenWithoutAPinnedKey() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withSigningKey(writePem(keys, "k.pem")));
        var file = JournalFixture.onlyFile(dir);
        var forgersKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        JournalFixture.writeLines(
                file, Forger.signingWith(forgersKeys.getPrivate(), null).rewrite(JournalFixture.lines(file), e -> e));

        var report = JournalVerifier.verify(List.of(dir));
        assertThat(report.problem())
                .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(ProblemKind.BAD_SIGNATURE));
    }

    @Test
    void aSignedSealWithNoRecordedKeyNeedsAPinnedKey() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JournalFixture.writeSession(AuditSettings.localOnly(dir).withSigningKey(writePem(keys, "k.pem")));
        var file = JournalFixture.onlyFile(dir);
        // A journal written before keys were recorded: signed seals, no sealKey, no seal.key.
        JournalFixture.writeLines(
                file,
                Forger.signingWith(keys.getPrivate(), null)
                        .rewrite(
                                JournalFixture.lines(file),
                                e -> e.seal() != null
                                        ? withSeal(
                                                e,
                                                new Seal(
                                                        e.seal().events(),
                                                        e.seal().head(),
                                                        "x",
                                                        null))
                                        : withSealKey(e, null)));
        var withoutKey = JournalVerifier.verify(List.of(dir));
        assertThat(withoutKey.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.BAD_SIGNATURE);
            assertThat(p.message()).contains("pass --public-key");
        });
        var withKey = JournalVerifier.verify(List.of(dir), Optional.of(keys.getPublic()));
        assertThat(withKey.ok()).as(withKey.summary()).isTrue();
    }

    private static AuditEvent withSeal(AuditEvent e, Seal seal) {
        return new AuditEvent(
                e.v(),
                e.seq(),
                e.id(),
                e.time(),
                e.type(),
                e.session(),
                e.ei(),
                e.operator(),
                e.target(),
                e.ticket(),
                e.mode(),
                e.justification(),
                e.stmt(),
                e.tunnel(),
                e.checks(),
                e.detail(),
                seal,
                e.sealKey(),
                e.review(),
                e.reconciliation(),
                e.prev(),
                e.hash());
    }

    private static AuditEvent withSealKey(AuditEvent e, String sealKey) {
        return new AuditEvent(
                e.v(),
                e.seq(),
                e.id(),
                e.time(),
                e.type(),
                e.session(),
                e.ei(),
                e.operator(),
                e.target(),
                e.ticket(),
                e.mode(),
                e.justification(),
                e.stmt(),
                e.tunnel(),
                e.checks(),
                e.detail(),
                e.seal(),
                sealKey,
                e.review(),
                e.reconciliation(),
                e.prev(),
                e.hash());
    }

    private Path writePem(KeyPair keys, String name) throws Exception {
        var file = dir.resolve(name);
        Files.writeString(
                file,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        return file;
    }
}
