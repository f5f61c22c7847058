package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionState;
import tools.jackson.databind.JsonNode;

/**
 * Issue 2 end to end: the fake cluster's faults (dropped forwards, a replaced pod, RBAC denial, 401) against a
 * live session and the CLI; the supervisor reconnects and the journal tells what happened.
 */
class TunnelFaultsEndToEndTest {
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

    @AfterEach
    void clearFaults() {
        stage.cluster().faults().resetRbac();
        stage.cluster().faults().clearApiFailures();
    }

    @Test
    void droppedForwardsFailTheRunningStatementThenTheSupervisorReconnects() throws Exception {
        Path audit = Stage.auditDir(temp, "drop");
        try (var session = stage.openSession(audit)) {
            var running = CompletableFuture.supplyAsync(() -> {
                try {
                    session.run("SELECT pg_sleep(30)", RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {}));
                    return null;
                } catch (SessionFailure e) {
                    return e;
                }
            });
            Stage.await("pg_sleep(30) to run on the server", () -> stage.serverIsRunning("pg_sleep(30)"));

            stage.cluster().faults().dropAllForwards();

            SessionFailure failure = running.get(60, TimeUnit.SECONDS);
            assertThat(failure).as("the running statement fails").isNotNull();
            assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(SessionFailure.Kind.CONNECTION);
            assertThat(failure.getMessage()).containsIgnoringCase("tunnel");
            Stage.await(
                    "the tunnel to reconnect",
                    () -> session.state() == SessionState.OPEN
                            && !Journal.read(audit).ofType("tunnel.reconnect").isEmpty());

            assertThat(QueryEndToEndTest.firstValue(session, "SELECT 5")).isEqualTo(5);
        }
        var journal = Journal.read(audit);
        assertThat(journal.types()).contains("tunnel.drop", "tunnel.reconnect");
        assertThat(journal.types().indexOf("tunnel.drop"))
                .isLessThan(journal.types().indexOf("tunnel.reconnect"));
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aForwardDroppedWhileIdleIsReconnectedAndTheNextStatementLogsInAgain() throws Exception {
        Path audit = Stage.auditDir(temp, "idle-drop");
        try (var session = stage.openSession(audit)) {
            assertThat(QueryEndToEndTest.firstValue(session, "SELECT 3")).isEqualTo(3);

            stage.cluster().faults().dropAllForwards();
            Stage.await(
                    "the tunnel to reconnect",
                    () -> session.state() == SessionState.OPEN
                            && !Journal.read(audit).ofType("tunnel.reconnect").isEmpty());

            assertThat(QueryEndToEndTest.firstValue(session, "SELECT 4")).isEqualTo(4);
            assertThat(session.snapshot().dbUser()).isEqualTo("kfm_reader");
        }
        var journal = Journal.read(audit);
        assertThat(journal.types())
                .containsSubsequence(
                        "query.end", "tunnel.drop", "tunnel.reconnect", "query.begin", "query.end", "session.end");
        assertThat(journal.types()).doesNotContain("query.failed");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aReplacedPodIsReconnectedAndLaterRecordsCarryTheNewPodUid() throws Exception {
        Path audit = Stage.auditDir(temp, "replace");
        try (var session = stage.openSession(audit)) {
            String oldUid = session.snapshot().podUid();

            String newUid = stage.cluster().faults().replacePod().get(60, TimeUnit.SECONDS);
            Stage.await(
                    "the tunnel to reconnect to the new pod",
                    () -> session.state() == SessionState.OPEN
                            && !Journal.read(audit).ofType("tunnel.reconnect").isEmpty());

            assertThat(newUid).isNotEqualTo(oldUid).isEqualTo(stage.cluster().podUid());
            assertThat(QueryEndToEndTest.firstValue(session, "SELECT 6")).isEqualTo(6);
            assertThat(session.snapshot().podUid()).isEqualTo(newUid);
        }
        var journal = Journal.read(audit);
        JsonNode reconnect = journal.first("tunnel.reconnect");
        assertThat(reconnect.path("tunnel").path("newPodUid").asString())
                .as(reconnect.toString())
                .isEqualTo(stage.cluster().podUid());
        assertThat(reconnect.path("target").path("podUid").asString())
                .as(reconnect.toString())
                .isEqualTo(stage.cluster().podUid());
        assertThat(journal.first("tunnel.open").path("target").path("podUid").asString())
                .isNotEqualTo(stage.cluster().podUid());
        List<JsonNode> later = journal.after("tunnel.reconnect").stream()
                .filter(r -> r.path("type").asString().startsWith("query."))
                .toList();
        assertThat(later).isNotEmpty();
        assertThat(later)
                .allSatisfy(r -> assertThat(r.path("target").path("podUid").asString())
                        .as(r.toString())
                        .isEqualTo(stage.cluster().podUid()));
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void whenNoReadyPodComesBackTheSessionEndsAsFailedAndIsSealed() throws Exception {
        Path audit = Stage.auditDir(temp, "pod-gone");
        var session = stage.openSession(audit);
        try {
            stage.cluster()
                    .adminClient()
                    .pods()
                    .inNamespace(stage.cluster().namespace())
                    .withName("postgis-0")
                    .withGracePeriod(0)
                    .delete();

            Stage.await(
                    "the session to give up on the tunnel",
                    () -> session.state().ended());

            assertThat(session.state()).isEqualTo(SessionState.FAILED);
            assertThatThrownBy(
                            () -> session.run("SELECT 1", RunOptions.defaults(), new QueryEndToEndTest.Rows(v -> {})))
                    .isInstanceOf(SessionFailure.class);
            var journal = Journal.read(audit);
            assertThat(journal.types())
                    .as(journal.toString())
                    .containsSubsequence("tunnel.drop", "tunnel.close", "session.end", "journal.seal")
                    .endsWith("journal.seal");
            assertThat(journal.first("session.end").path("detail").asString()).startsWith("tunnel failed");
            assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
        } finally {
            session.close();
            stage.cluster().faults().replacePod().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void deniedPortForwardFailsPreflightNamingThePermission() throws Exception {
        stage.cluster().faults().denyRbac("create:pods/portforward");
        Path audit = Stage.auditDir(temp, "rbac");

        var result = stage.cli("preflight", audit);

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(result.out()).as(result.transcript()).contains("FAIL").contains("pods/portforward");
        assertThat(result.err()).as(result.transcript()).contains("pods/portforward");
        assertThat(stage.cluster().openForwards()).isZero();
        var journal = Journal.read(audit);
        assertThat(journal.types())
                .as(journal.toString())
                .containsSubsequence("session.start", "session.preflight", "session.end", "journal.seal")
                .doesNotContain("tunnel.open");
        assertThat(journal.first("session.end").path("detail").asString()).contains("refused");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void anApiThatAnswers401IsRefusedAsBadCredentialsAndJournaled() throws Exception {
        stage.cluster().faults().failApi(401);
        Path audit = Stage.auditDir(temp, "unauthorized");

        var result = stage.cli("smoke", audit);

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(result.err()).as(result.transcript()).containsAnyOf("401", "credentials");
        assertThat(stage.cluster().openForwards()).isZero();
        var journal = Journal.read(audit);
        assertThat(journal.types())
                .as(journal.toString())
                .contains("session.start", "session.end")
                .doesNotContain("tunnel.open");
        assertThat(journal.toString()).containsAnyOf("401", "credentials");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }
}
