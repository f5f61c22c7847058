package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.ServerRole;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.SessionState;
import org.kfm.breakglass.session.TargetChoice;
import org.kfm.breakglass.testkit.PostgresServer;
import org.kfm.breakglass.testkit.Shape;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11's failover against two real servers (LocalPostgis and its streaming hot standby, each behind its own
 * operator pods): replica targets land on the standby and say so (banner, snapshot, journal); a write elevation on
 * a replica is refused before anything claims it; a primary target whose label is stale is refused, not turned into
 * a silent read-only session; and after a failover the supervisor follows the primary by role, journals both pod
 * UIDs, and the next statement runs on the promoted server. The failover is last: it cannot be undone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverEndToEndTest {
    private static final String CNPG = "kfm-cnpg";
    private static Stage stage;
    /** The stage policy plus the Zalando user (the fake manifest defines two login users). */
    private static Path policy;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start(Shape.ALL);
        try {
            policy = Stage.policy(
                    Files.createTempDirectory("kfm-failover-policy-"),
                    Stage.WITNESSED + "targets:\n  zalandoUser: kfm_reader\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @Test
    @Order(1)
    void replicaTargetsOfEveryOperatorLandOnTheStandbyAndTheBannerAndJournalSayReplica() throws Exception {
        int standbyPort = stage.pg().standby().orElseThrow().port();
        for (String target :
                List.of("cnpg/kfm-cnpg:ro", "zalando/kfm-zalando:replica", "crunchy/kfm-crunchy:replicas")) {
            Path audit = Stage.auditDir(temp, target.replace('/', '-').replace(':', '-'));
            var result = query(audit, target, "SELECT inet_server_port(), pg_is_in_recovery()", "-d", "kfm");

            assertThat(result.exitCode())
                    .as(target + "\n" + result.transcript())
                    .isZero();
            assertThat(result.out().lines().toList())
                    .as(result.transcript())
                    .containsExactly("inet_server_port,pg_is_in_recovery", standbyPort + ",t");
            assertThat(openLine(result)).as(result.transcript()).contains("(replica)");
            var journal = Journal.read(audit);
            assertThat(serverRoleCheck(journal))
                    .as(journal.toString())
                    .contains("PASS", "replica", "pg_is_in_recovery() = true");
            assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
        }
    }

    @Test
    @Order(2)
    void aPrimaryTargetSaysPrimaryOnTheBanner() throws Exception {
        Path audit = Stage.auditDir(temp, "cnpg-rw");
        var result = query(audit, "cnpg/kfm-cnpg", "SELECT inet_server_port()");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out().lines().toList())
                .as(result.transcript())
                .containsExactly(
                        "inet_server_port", String.valueOf(stage.pg().primary().port()));
        assertThat(openLine(result)).as(result.transcript()).contains("pod kfm-cnpg-1 (primary)");
        assertThat(serverRoleCheck(Journal.read(audit))).contains("PASS", "primary");
    }

    @Test
    @Order(3)
    void writeElevationOnAReplicaSessionIsRefusedBeforeAnyRecordClaimsItAndTheSessionStaysReadOnly() throws Exception {
        Path audit = Stage.auditDir(temp, "api-ro-write");
        try (var session = openSession(audit, "cnpg/kfm-cnpg:ro")) {
            assertThat(session.snapshot().serverRole()).isEqualTo(ServerRole.REPLICA);
            assertThat(session.snapshot().pod()).isEqualTo("kfm-cnpg-2");

            assertThatThrownBy(() -> session.elevate(
                            new Justification(Stage.REASON, "INC-78", Duration.ofMinutes(5), AccessMode.WRITE), "kfm"))
                    .isInstanceOfSatisfying(SessionFailure.class, e -> {
                        assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED);
                        assertThat(e.kind().exitCode()).isEqualTo(3);
                        assertThat(e.getMessage())
                                .contains("write elevation refused", "replica", "kfm-cnpg-2", "cnpg/kfm-cnpg:rw");
                    });

            assertThat(session.mode()).isEqualTo(AccessMode.READ_ONLY);
            assertThat(session.state()).isEqualTo(SessionState.OPEN);
            assertThat(QueryEndToEndTest.firstValue(session, "SELECT 7")).isEqualTo(7);
            assertThat(session.snapshot().dbUser()).isEqualTo("kfm_reader");
        }
        var journal = Journal.read(audit);
        assertThat(journal.types()).as(journal.toString()).doesNotContain("session.elevate");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    @Order(4)
    void queryAndConnectWithWriteOnAReplicaTargetExitWith3NamingTheReplica() throws Exception {
        String[] write = {
            "--write", "--write-reason", Stage.REASON, "--write-ticket", "INC-78", "--confirm-database", "kfm"
        };
        Path queryAudit = Stage.auditDir(temp, "cli-ro-write");
        var query = query(queryAudit, "cnpg/kfm-cnpg:ro", "SELECT 1", write);

        assertThat(query.exitCode()).as(query.transcript()).isEqualTo(3);
        assertThat(query.err())
                .as(query.transcript())
                .contains("denied: write elevation refused: this session runs on a replica")
                .doesNotContain("no writer credentials");
        var queryJournal = Journal.read(queryAudit);
        assertThat(queryJournal.types()).as(queryJournal.toString()).doesNotContain("session.elevate");
        assertThat(queryJournal.afterLoginChecks().types())
                .as("the operator's statement never ran")
                .doesNotContain("query.begin");

        Path connectAudit = Stage.auditDir(temp, "cli-connect-ro-write");
        var args = new ArrayList<>(List.of(
                "connect",
                "--kubeconfig",
                stage.cluster().kubeconfig().toString(),
                "--target",
                "zalando/kfm-zalando:replica",
                "-d",
                "kfm",
                "--reason",
                Stage.REASON,
                "--ticket",
                Stage.TICKET,
                "--audit-dir",
                connectAudit.toString(),
                "--policy",
                policy.toString()));
        args.addAll(Arrays.asList(write));
        var connect = CliRun.run(args.toArray(String[]::new));

        assertThat(connect.exitCode()).as(connect.transcript()).isEqualTo(3);
        assertThat(connect.err())
                .as(connect.transcript())
                .contains("write elevation refused", "zalando/kfm-zalando:replica", "zalando/kfm-zalando:master")
                .doesNotContain("serving ");
        var journal = Journal.read(connectAudit);
        assertThat(journal.types()).as(journal.toString()).doesNotContain("session.elevate", "endpoint.open");
        assertThat(JournalVerifier.verify(List.of(connectAudit)).ok()).isTrue();
    }

    @Test
    @Order(5)
    void aPrimaryTargetWhoseLabelIsStaleLandingOnTheStandbyIsRefusedNotSilentlyReadOnly() throws Exception {
        // The operator's labels say kfm-cnpg-2 (on the standby) is the primary; the server says otherwise.
        relabel("kfm-cnpg-1", "replica");
        relabel("kfm-cnpg-2", "primary");
        try {
            Path audit = Stage.auditDir(temp, "stale-label");
            var result = query(audit, "cnpg/kfm-cnpg:rw", "SELECT 1");

            assertThat(result.exitCode()).as(result.transcript()).isEqualTo(4);
            assertThat(result.err())
                    .as(result.transcript())
                    .contains(
                            "cnpg/kfm-cnpg:rw asks for the primary",
                            "pod kfm-cnpg-2",
                            "pg_is_in_recovery() = true",
                            "cnpg/kfm-cnpg:ro");
            var journal = Journal.read(audit);
            assertThat(journal.types()).as(journal.toString()).doesNotContain("query.begin");
            assertThat(journal.first("session.end").path("detail").asString()).contains("asks for the primary");
            assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
        } finally {
            relabel("kfm-cnpg-1", "primary");
            relabel("kfm-cnpg-2", "replica");
        }
    }

    @Test
    @Order(6)
    void afterAFailoverTheSessionFollowsThePrimaryByRoleJournalsBothUidsAndTheNextStatementRunsOnThePromotedServer()
            throws Exception {
        Path audit = Stage.auditDir(temp, "failover");
        PostgresServer oldPrimary = stage.pg().primary();
        PostgresServer standby = stage.pg().standby().orElseThrow();
        String oldUid = stage.cluster().podUid("kfm-cnpg-1");
        String newUid = stage.cluster().podUid("kfm-cnpg-2");
        try (var session = openSession(audit, "cnpg/" + CNPG)) {
            assertThat(serverPortAndRecovery(session)).isEqualTo(oldPrimary.port() + ",false");
            assertThat(session.snapshot().podUid()).isEqualTo(oldUid);

            PostgresServer promoted = stage.cluster().faults().failover();

            assertThat(promoted).isSameAs(standby);
            Stage.await(
                    "the tunnel to reconnect to the new primary",
                    () -> session.state() == SessionState.OPEN
                            && !Journal.read(audit).ofType("tunnel.reconnect").isEmpty());
            assertThat(serverPortAndRecovery(session))
                    .as("the next statement runs on the promoted standby, which is no longer in recovery")
                    .isEqualTo(standby.port() + ",false");
            var banner = session.snapshot();
            assertThat(banner.pod()).isEqualTo("kfm-cnpg-2");
            assertThat(banner.podUid()).isEqualTo(newUid);
            assertThat(banner.serverRole()).isEqualTo(ServerRole.PRIMARY);
            assertThat(banner.dbUser()).isEqualTo("kfm_reader");
        }
        var journal = Journal.read(audit);
        JsonNode reconnect = journal.first("tunnel.reconnect");
        assertThat(reconnect.path("tunnel").path("oldPodUid").asString())
                .as(reconnect.toString())
                .isEqualTo(oldUid);
        assertThat(reconnect.path("tunnel").path("newPodUid").asString())
                .as(reconnect.toString())
                .isEqualTo(newUid);
        assertThat(reconnect.path("tunnel").path("pod").asString()).isEqualTo("kfm-cnpg-2");
        assertThat(reconnect.path("tunnel").path("reason").asString())
                .as(reconnect.toString())
                .contains("the primary of cnpg/kfm-cnpg:rw moved from pod kfm-cnpg-1", "to pod kfm-cnpg-2");
        assertThat(journal.types())
                .containsSubsequence("query.end", "tunnel.drop", "tunnel.reconnect", "query.begin", "query.end");
        List<JsonNode> later = journal.after("tunnel.reconnect").stream()
                .filter(r -> r.path("type").asString().startsWith("query."))
                .toList();
        assertThat(later)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("target").path("podUid").asString())
                        .as(r.toString())
                        .isEqualTo(newUid));
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    private static String serverPortAndRecovery(BreakGlassSession session) throws SessionFailure {
        var values = new ArrayList<String>();
        session.run(
                "SELECT inet_server_port(), pg_is_in_recovery()",
                RunOptions.defaults(),
                new QueryEndToEndTest.Rows(v -> values.add(v.get(0) + "," + v.get(1))));
        return String.join(";", values);
    }

    private static BreakGlassSession openSession(Path audit, String target) throws SessionFailure {
        var gateway = SessionGateway.create(Optional.of(policy), Optional.of(audit), Map.of(), Clock.systemUTC());
        var session = gateway.start(
                new TargetChoice(stage.cluster().kubeconfig(), null, null, target, "kfm"),
                new Justification(Stage.REASON, Stage.TICKET, Duration.ofMinutes(30), AccessMode.READ_ONLY));
        session.preflight(result -> {});
        session.open();
        return session;
    }

    /** Sets both CloudNativePG role labels of {@code pod}, as the operator would (and, stale, might not). */
    private static void relabel(String pod, String role) {
        stage.cluster()
                .adminClient()
                .pods()
                .inNamespace(stage.cluster().namespace())
                .withName(pod)
                .edit(p -> {
                    p.getMetadata().getLabels().put("cnpg.io/instanceRole", role);
                    p.getMetadata().getLabels().put("role", role);
                    return p;
                });
    }

    private static String serverRoleCheck(Journal journal) {
        for (JsonNode record : journal.ofType("session.preflight")) {
            for (JsonNode check : record.path("checks")) {
                if ("server role".equals(check.path("name").asString())) {
                    return check.path("verdict").asString() + " "
                            + check.path("reason").asString();
                }
            }
        }
        throw new AssertionError("no server role check in " + journal);
    }

    private static String openLine(CliRun.Result result) {
        return result.err()
                .lines()
                .filter(l -> l.startsWith("open: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no open: line in " + result.transcript()));
    }

    private CliRun.Result query(Path audit, String target, String sql, String... extra) {
        var args = new ArrayList<>(List.of(
                "query",
                "--kubeconfig",
                stage.cluster().kubeconfig().toString(),
                "--target",
                target,
                "--reason",
                Stage.REASON,
                "--ticket",
                Stage.TICKET,
                "--audit-dir",
                audit.toString(),
                "--policy",
                policy.toString(),
                "--format",
                "csv",
                "--sql",
                sql));
        args.addAll(Arrays.asList(extra));
        return CliRun.run(args.toArray(String[]::new));
    }
}
