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
