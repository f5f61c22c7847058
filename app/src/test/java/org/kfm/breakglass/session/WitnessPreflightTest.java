package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.e2e.Journal;
import org.kfm.breakglass.e2e.Stage;

/**
 * Preflight and session start with and without an off-machine witness, against the fake cluster's RBAC
 * (SelfSubjectAccessReview answers per verb and resource): create-only witness objects PASS; an operator who can
 * also update/delete them gets a WARN; no witness and no remote sink is a WARN that says what to configure; a
 * required witness that cannot be written refuses the session before the tunnel opens.
 */
class WitnessPreflightTest {
    private static Stage stage;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @AfterEach
    void resetRbac() {
        stage.cluster().faults().resetRbac();
    }

    @Test
    void createOnlyWitnessObjectsPassAndTheStartIsWitnessedBeforeAnyTunnel() throws Exception {
        try (var session = gateway(stage.policy()).start(target(), justification())) {
            var start = stage.cluster()
                    .adminClient()
                    .configMaps()
                    .inNamespace(stage.cluster().namespace())
                    .withName("breakglass-session-" + session.id())
                    .get();
            assertThat(start).as("the start witness exists before preflight").isNotNull();
            assertThat(stage.cluster().openForwards()).isZero();

            var witness = witnessCheck(session.preflight(r -> {}));
            assertThat(witness.verdict()).isEqualTo(Verdict.PASS);
            assertThat(witness.reason()).contains("create-only");
        }
    }

    @Test
    void noWitnessAndNoRemoteSinkIsAWarningThatSaysWhatToConfigure() throws Exception {
        Path policy = Stage.policy(dir.resolve("none"), "justification: {reasonMinLength: 20}\n");
        try (var session = gateway(policy).start(target(), justification())) {
            var results = session.preflight(r -> {});

            var witness = witnessCheck(results);
            assertThat(witness.verdict()).isEqualTo(Verdict.WARN);
            assertThat(witness.reason())
                    .contains("a rewritten or deleted journal cannot be detected")
                    .contains("audit.witness")
                    .contains("syslog/webhook sink");
            assertThatThrownBy(session::open).isInstanceOf(SessionFailure.class).hasMessageContaining("acknowledge");
        }
    }

    @Test
    void anOperatorWhoCanAlsoDeleteTheWitnessObjectsIsWarnedThatTheyProveNothing() throws Exception {
        stage.cluster().faults().grantRbac("delete:configmaps", "patch:configmaps");
        try (var session = gateway(stage.policy()).start(target(), justification())) {
            var witness = witnessCheck(session.preflight(r -> {}));

            assertThat(witness.verdict()).isEqualTo(Verdict.WARN);
            assertThat(witness.reason())
                    .contains("patch/delete ConfigMaps in namespace "
                            + stage.cluster().namespace())
                    .contains("could be rewritten with your own credentials")
                    .contains("breakglass-witness");
        }
    }

    @Test
    void aRequiredWitnessThatCannotBeWrittenRefusesTheSessionBeforeAnythingOpens() throws Exception {
        stage.cluster().faults().denyRbac("create:configmaps");
        Path audit = dir.resolve("refused");
        var gateway = SessionGateway.create(
                Optional.of(stage.policy()), Optional.of(audit), Map.of("HOME", dir.toString()), Clock.systemUTC());

        assertThatThrownBy(() -> gateway.start(target(), justification()))
                .isInstanceOfSatisfying(
                        SessionFailure.class, e -> assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED))
                .hasMessageContaining("no audit, no access")
                .hasMessageContaining(
                        "cluster witness (ConfigMaps in " + stage.cluster().namespace() + ")")
                .hasMessageContaining("403");

        assertThat(stage.cluster().openForwards()).isZero();
        var journal = Journal.read(audit);
        assertThat(journal.types()).containsExactly("session.start", "session.end", "journal.seal");
        assertThat(journal.first("session.end").path("detail").asString()).contains("session refused");
    }

    @Test
    void aBestEffortWitnessThatCannotBeWrittenIsAWarningAndTheSessionGoesOnWhenAcknowledged() throws Exception {
        stage.cluster().faults().denyRbac("create:configmaps");
        Path policy = Stage.policy(dir.resolve("best-effort"), """
                audit:
                  witness: {kind: cluster, requirement: best-effort}
                """);
        try (var session = gateway(policy).start(target(), justification())) {
            var results = session.preflight(r -> {});

            var witness = witnessCheck(results);
            assertThat(witness.verdict()).isEqualTo(Verdict.WARN);
            assertThat(witness.reason()).contains("cannot create the witness ConfigMaps");
            assertThat(results)
                    .filteredOn(r -> r.name().equals("audit"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
                        assertThat(r.reason()).contains("best-effort sink(s) down: cluster witness");
                    });
            session.acknowledgeWarnings();
            session.open();
            assertThat(session.state()).isEqualTo(SessionState.OPEN);
        }
    }

    @Test
    void aRequiredWitnessWhoseRbacIsMissingFailsPreflightWhenTheStartWasWrittenEarlier() throws Exception {
        // The start was witnessed; then the grant went away (a role edited mid-way): preflight must notice.
        var gateway = gateway(stage.policy());
        try (var session = gateway.start(target(), justification())) {
            stage.cluster().faults().denyRbac("create:configmaps");
            var lines = new java.util.ArrayList<CheckResult>();
            assertThatThrownBy(() -> session.preflight(lines::add))
                    .isInstanceOf(SessionFailure.class)
                    .hasMessageContaining("witness");
            assertThat(witnessCheck(lines).verdict()).isEqualTo(Verdict.FAIL);
            assertThat(witnessCheck(lines).reason()).contains("the policy requires the witness");
        }
    }

    private SessionGateway gateway(Path policy) throws SessionFailure {
        return SessionGateway.create(
                Optional.of(policy),
                Optional.of(dir.resolve("audit")),
                Map.of("HOME", dir.toString()),
                Clock.systemUTC());
    }

    private static CheckResult witnessCheck(List<CheckResult> results) {
        return results.stream()
                .filter(r -> r.name().equals("witness"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no witness check in " + results));
    }

    private static TargetChoice target() {
        return new TargetChoice(stage.cluster().kubeconfig(), null, null, null, "kfm");
    }

    private static Justification justification() {
        return new Justification(
                "Checking the witness preflight on stage", "INC-4712", Duration.ofMinutes(15), AccessMode.READ_ONLY);
    }
}
