package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.text.HiddenCharacters;
import tools.jackson.databind.JsonNode;

/**
 * Issues 3 and 4 end to end: no justification, no access (nothing opened, nothing journaled); read-only means the
 * console refuses writes before sending, and the database refuses what slips past the classifier.
 */
class RefusalEndToEndTest {
    private static Stage stage;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @Test
    void noReasonIsRefusedBeforeAnythingOpens() {
        Path audit = Stage.auditDir(temp, "no-reason");

        var result = stage.cliUnjustified("query", audit, "--ticket", "INC-1", "--sql", "SELECT 1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("a reason is required");
    }

    @Test
    void aShortReasonIsRefusedBeforeAnythingOpens() {
        Path audit = Stage.auditDir(temp, "short-reason");

        var result =
                stage.cliUnjustified("query", audit, "--reason", "db broken", "--ticket", "INC-1", "--sql", "SELECT 1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("9 characters").contains("at least 20");
    }

    @Test
    void aTicketNotMatchingThePolicyIsRefusedBeforeAnythingOpens() {
        Path audit = Stage.auditDir(temp, "bad-ticket");

        var result = stage.cliUnjustified("smoke", audit, "--reason", Stage.REASON, "--ticket", "inc-1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("ticket 'inc-1' does not match the policy pattern");
    }

    @Test
    void aDurationAboveThePolicyMaximumIsRefused() {
        Path audit = Stage.auditDir(temp, "too-long");

        var result = stage.cli("smoke", audit, "--duration", "3h");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("exceeds the policy maximum 2h");
    }

    @Test
    void aMalformedPolicyIsRefusedNamingTheLine() {
        Path policy = Stage.policy(temp.resolve("bad-policy"), """
                justification:
                  reasonMinLength: 20
                session:
                  maxDuraton: 2h
                """);
        Path audit = Stage.auditDir(temp, "bad-policy");

        var result = stage.cli("smoke", audit, "--policy", policy.toString());

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err())
                .as(result.transcript())
                .contains(policy + ":4:")
                .contains("maxDuraton");
    }

    @Test
    void anUnknownOutputFormatIsRefusedBeforeAnythingOpens() {
        Path audit = Stage.auditDir(temp, "bad-format");

        var result = stage.cli("query", audit, "--format", "xml", "--sql", "SELECT 1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("unknown format 'xml': use table, csv, json or geojson");
    }

    @Test
    void writeElevationWithoutItsFlagsAndNoTerminalIsRefusedBeforeAnythingOpens() {
        Path audit = Stage.auditDir(temp, "write-no-flags");

        var result = stage.cli("query", audit, "--write", "--sql", "DELETE FROM places WHERE id = 1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("--write-reason", "--write-ticket", "--confirm-database");
    }

    @Test
    void aDeleteInReadOnlyModeIsDeniedAndNeverReachesTheServer() throws Exception {
        String marker = UUID.randomUUID().toString();
        Path audit = Stage.auditDir(temp, "delete");

        var denied = stage.cli("query", audit, "--sql", "DELETE FROM places WHERE name = 'delete-" + marker + "'");
        var allowed = stage.cli("query", Stage.auditDir(temp, "select"), "--sql", "SELECT 'select-" + marker + "'");

        assertThat(denied.exitCode()).as(denied.transcript()).isEqualTo(3);
        assertThat(denied.err()).contains("WRITE statement refused in read-only mode");
        assertThat(allowed.exitCode()).as(allowed.transcript()).isZero();
        JsonNode record = Journal.read(audit).first("query.denied");
        assertThat(record.path("stmt").path("class").asString()).isEqualTo("WRITE");
        assertThat(Journal.read(audit).sentSql()).noneMatch(sql -> sql.startsWith("DELETE"));
        Stage.await("the SELECT in the server log", () -> stage.serverLog().contains("select-" + marker));
        assertThat(stage.serverLog()).doesNotContain("delete-" + marker);
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aWritingFunctionThatLooksLikeAReadFailsOnTheServerAsReadOnly() throws Exception {
        stage.asOwner("CREATE TABLE IF NOT EXISTS touches (at timestamptz NOT NULL DEFAULT now())");
        // SECURITY DEFINER: the owner may insert, so the read-only transaction is the only fence left.
        stage.asOwner("CREATE OR REPLACE FUNCTION kfm_touch() RETURNS integer LANGUAGE sql VOLATILE "
                + "SECURITY DEFINER AS $$ INSERT INTO touches DEFAULT VALUES RETURNING 1 $$");
        stage.asOwner("GRANT EXECUTE ON FUNCTION kfm_touch() TO kfm_reader");
        Path audit = Stage.auditDir(temp, "touch");

        var result = stage.cli("query", audit, "--sql", "SELECT kfm_touch()");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(5);
        assertThat(result.err()).contains("25006");
        var journal = Journal.read(audit);
        assertThat(journal.begin("SELECT kfm_touch()")
                        .path("stmt")
                        .path("class")
                        .asString())
                .isEqualTo("READ");
        assertThat(journal.first("query.failed").path("stmt").path("sqlstate").asString())
                .isEqualTo("25006");
        assertThat(stage.ownerScalar("SELECT count(*) FROM touches")).isEqualTo("0");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aTicketWithEscapeSequencesIsRefusedAndEchoedEscaped() {
        Path audit = Stage.auditDir(temp, "esc-ticket");

        var result = stage.cliUnjustified(
                "query",
                audit,
                "--reason",
                Stage.REASON,
                "--ticket",
                "INC-1\u001b[2J\u001b]0;owned\u0007",
                "--sql",
                "SELECT 1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("U+001B ESCAPE (\\u001b)", "the ticket contains");
        assertNoHiddenCharacters(result);
    }

    @Test
    void aReasonOfSixInvisibleResetsIsRefused() {
        Path audit = Stage.auditDir(temp, "esc-reason");

        var result = stage.cliUnjustified(
                "query", audit, "--reason", "\u001b[0m".repeat(6), "--ticket", Stage.TICKET, "--sql", "SELECT 1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("the reason contains U+001B ESCAPE", "5 more hidden character(s)");
        assertNoHiddenCharacters(result);
    }

    @Test
    void aBidiOverrideInTheReasonIsRefused() {
        Path audit = Stage.auditDir(temp, "rlo-reason");

        var result = stage.cliUnjustified(
                "query",
                audit,
                "--reason",
                Stage.REASON + " \u202e1-CNI",
                "--ticket",
                Stage.TICKET,
                "--sql",
                "SELECT 1");

        assertRefusedBeforeOpening(result, audit);
        assertThat(result.err()).contains("U+202E RIGHT-TO-LEFT OVERRIDE (\\u202e)");
        assertNoHiddenCharacters(result);
    }

    @Test
    void aNamespaceThatIsNotADnsLabelNeverReachesAUrl() {
        for (String namespace :
                List.of("../kube-system", "kfm-stage/../kube-system", "KFM", "kfm%2F..", "a".repeat(64))) {
            Path audit = Stage.auditDir(temp, "ns-" + Math.abs(namespace.hashCode()));

            var result = stage.cli("query", audit, "-n", namespace, "--sql", "SELECT 1");

            assertRefusedBeforeOpening(result, audit);
            assertThat(result.err())
                    .as(result.transcript())
                    .contains("namespace '" + namespace + "' is not a Kubernetes namespace name", "DNS-1123");
        }
    }

    @Test
    void aTargetOrContextWithControlCharactersIsRefusedEscaped() {
        Path targetAudit = Stage.auditDir(temp, "esc-target");
        var target = stage.cli("smoke", targetAudit, "--target", "svc/postgis\u001b[2J:5432");
        assertRefusedBeforeOpening(target, targetAudit);
        assertThat(target.err()).contains("Target 'svc/postgis\\u001b[2J:5432'");
        assertNoHiddenCharacters(target);

        Path portAudit = Stage.auditDir(temp, "long-port");
        var port = stage.cli("smoke", portAudit, "--target", "svc/postgis:postgres-port-name");
        assertRefusedBeforeOpening(port, portAudit);
        assertThat(port.err()).contains("port name 'postgres-port-name'");

        Path contextAudit = Stage.auditDir(temp, "esc-context");
        var context = stage.cli("smoke", contextAudit, "--context", "stage\u001b]0;owned\u0007");
        assertRefusedBeforeOpening(context, contextAudit);
        assertThat(context.err()).contains("U+001B ESCAPE (\\u001b)");
        assertNoHiddenCharacters(context);
    }

    @Test
    void anUnreachableApiServerIsAConnectionFailureNotADenial() throws Exception {
        String kubeconfig = Files.readString(stage.cluster().kubeconfig());
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var cases = new java.util.LinkedHashMap<String, String>();
        cases.put("unresolvable", kubeconfig.replaceAll("server: \\S+", "server: https://breakglass-api.invalid:6443"));
        cases.put("refused", kubeconfig.replaceAll("server: \\S+", "server: https://127.0.0.1:" + closedPort));
        cases.put(
                "untrusted",
                kubeconfig.replaceAll("certificate-authority-data: \\S+", "certificate-authority-data: " + otherCa()));
        var advice = Map.of(
                "unresolvable", "host name does not resolve",
                "refused", "refused the connection",
                "untrusted", "TLS certificate is not trusted");
        for (var entry : cases.entrySet()) {
            Path file = Files.writeString(temp.resolve(entry.getKey() + "-kubeconfig"), entry.getValue());
            Path audit = Stage.auditDir(temp, "api-" + entry.getKey());

            var result = CliRun.run(
                    "preflight",
                    "--kubeconfig",
                    file.toString(),
                    "-d",
                    "kfm",
                    "--reason",
                    Stage.REASON,
                    "--ticket",
                    Stage.TICKET,
                    "--audit-dir",
                    audit.toString());

            assertThat(result.exitCode())
                    .as(entry.getKey() + ": " + result.transcript())
                    .isEqualTo(4);
            assertThat(result.err())
                    .as(result.transcript())
                    .contains("connection failed: preflight failed", advice.get(entry.getKey()), "kubeconfig");
            var journal = Journal.read(audit);
            assertThat(journal.types())
                    .as("the attempt is journaled all the same")
                    .containsSubsequence("session.start", "session.preflight", "session.end", "journal.seal");
            assertThat(journal.first("session.preflight").path("checks"))
                    .as("nothing else is tried once the server cannot be reached")
                    .hasSize(1);
            assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
        }
        assertThat(stage.cluster().openForwards()).isZero();
    }

    /** A CA that did not sign the fake API server's certificate: the JDK's first trusted root, as kubeconfig data. */
    private static String otherCa() throws Exception {
        var store = java.security.KeyStore.getInstance(
                Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                        .toFile(),
                (char[]) null);
        var alias = java.util.Collections.list(store.aliases()).getFirst();
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(store.getCertificate(alias).getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return java.util.Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static void assertNoHiddenCharacters(CliRun.Result result) {
        assertThat(result.err().codePoints().filter(HiddenCharacters::isHidden).count())
                .as("hidden characters reached the terminal raw:%n%s", result.err())
                .isZero();
    }

    private static void assertRefusedBeforeOpening(CliRun.Result result, Path audit) {
        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err()).as(result.transcript()).startsWith("refused:");
        assertThat(result.out()).isEmpty();
        assertThat(stage.cluster().openForwards()).isZero();
        assertThat(Files.exists(audit))
                .as("no audit directory was created: nothing happened")
                .isFalse();
    }
}
