package org.kfm.breakglass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.audit.StatementRecord;

/**
 * {@code breakglass audit verify} as an auditor runs it: exit 1 with what to do for a journal that is empty or
 * does not start at genesis, {@code --partial} saying what it did not verify, and seal signatures checked with the
 * key given, else the policy's, else the one the journal records.
 */
class AuditVerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryWithNoEventsExitsOneSayingWhatToDo() throws Exception {
        var empty = Files.createDirectory(dir.resolve("audit"));

        var run = verify(empty.toString());

        assertThat(run.exitCode()).as(run.transcript()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL").contains("EMPTY").contains("pass the audit directory");
    }

    @Test
    void aHeadCutExitsOneAndPartialSaysWhatItDidNotVerify() throws Exception {
        var audit = dir.resolve("audit");
        writeSessions(audit, null, 2);
        var file = onlyJournalFile(audit);
        var lines = new ArrayList<>(Files.readAllLines(file));
        lines.subList(0, 6).clear(); // the whole first session (start, query begin/end, end, seal = 5) and one more
        Files.writeString(file, String.join("\n", lines) + "\n");

        var strict = verify(audit.toString());
        assertThat(strict.exitCode()).as(strict.transcript()).isEqualTo(1);
        assertThat(strict.out()).contains("NOT_FROM_GENESIS").contains("--partial");

        var partial = verify("--partial", audit.toString());
        assertThat(partial.exitCode()).as(partial.transcript()).isZero();
        assertThat(partial.out())
                .startsWith("OK (partial)")
                .contains(
                        "NOT verified: chain anchored at line 1 of " + file + ", seq 6: nothing before it is verified")
                .contains("its first 1 events are before the anchor");
    }

    @Test
    void aPathThatDoesNotExistExitsTwo() {
        var run = verify(dir.resolve("nowhere").toString());

        assertThat(run.exitCode()).as(run.transcript()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void signaturesAreCheckedWithThePolicysPinnedKeyWhenNoKeyIsGiven() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var audit = dir.resolve("audit");
        writeSessions(audit, writePrivatePem(keys), 1);

        var recorded = verify("--policy", policy("plain", null).toString(), audit.toString());
        assertThat(recorded.exitCode()).as(recorded.transcript()).isZero();
        assertThat(recorded.out()).contains("checked with the key the journal itself records");

        var pinned = verify("--policy", policy("pinned", keys).toString(), audit.toString());
        assertThat(pinned.exitCode()).as(pinned.transcript()).isZero();
        assertThat(pinned.out()).contains("checked with the pinned key").contains("audit.seal.publicKey");

        var wrong = verify("--policy", policy("wrong", other).toString(), audit.toString());
        assertThat(wrong.exitCode()).as(wrong.transcript()).isEqualTo(1);
        assertThat(wrong.out()).contains("RESIGNED");

        var flagWins = verify(
                "--policy", policy("wrong2", other).toString(), "--public-key", writePublicPem(keys), audit.toString());
        assertThat(flagWins.exitCode()).as(flagWins.transcript()).isZero();
        assertThat(flagWins.out()).contains("--public-key");
    }

    @Test
    void policyCheckRejectsASealPublicKeyThatIsNotAnEd25519Key() throws Exception {
        var file = dir.resolve("bad.yaml");
        Files.writeString(file, "audit:\n  seal:\n    publicKey: bm90IGEga2V5\n");

        var run = CliRun.run("policy", "check", file.toString());

        assertThat(run.exitCode()).as(run.transcript()).isEqualTo(2);
        assertThat(run.err()).contains("audit.seal.publicKey").contains("not an Ed25519 public key");
    }

    private static CliRun.Result verify(String... args) {
        var all = new ArrayList<>(List.of("audit", "verify"));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    private static void writeSessions(Path audit, Path signingKey, int count) throws Exception {
        var settings = AuditSettings.localOnly(audit);
        if (signingKey != null) {
            settings = settings.withSigningKey(signingKey);
        }
        try (var trail = AuditTrail.open(settings)) {
            for (int i = 0; i < count; i++) {
                var s = trail.beginSession(
                        UUID.randomUUID(),
                        new Operator("auditor", "host", "auditor@kfm"),
                        new AuditTarget("stage", "https://api", "kfm", "postgis", null, null, "kfm", "reader"),
                        new AuditJustification(
                                "checking the verifier from the command line", "INC-5", 600L, "read-only"));
                s.queryBegin(StatementRecord.before("SELECT " + i, "READ"));
                s.queryEnd(StatementRecord.before("SELECT " + i, "READ"));
                s.end("done");
            }
        }
    }

    private static Path onlyJournalFile(Path audit) throws Exception {
        try (var files = Files.list(audit)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private Path policy(String name, KeyPair pinned) throws Exception {
        var file = dir.resolve(name + ".yaml");
        Files.writeString(
                file,
                pinned == null
                        ? "justification:\n  reasonMinLength: 20\n"
                        : "audit:\n  seal:\n    publicKey: "
                                + Base64.getEncoder()
                                        .encodeToString(pinned.getPublic().getEncoded()) + "\n",
                StandardCharsets.UTF_8);
        return file;
    }

    private Path writePrivatePem(KeyPair keys) throws Exception {
        var file = dir.resolve("seal.pem");
        Files.writeString(
                file,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    private String writePublicPem(KeyPair keys) throws Exception {
        var file = dir.resolve("seal.pub.pem");
        Files.writeString(
                file,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        return file.toString();
    }
}
