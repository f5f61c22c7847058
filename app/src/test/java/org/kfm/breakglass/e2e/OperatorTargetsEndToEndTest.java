package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.testkit.Shape;

/**
 * Issue 11 through the CLI against the fake cluster seeded with every shape (the seed's Service and one cluster of
 * each operator, primaries on LocalPostgis, replicas on its hot standby): {@code breakglass targets} lists what is
 * there, and an operator {@code --target} runs a journaled query through the pod and Secret it resolves to, with
 * the database from the Secret's {@code dbname} unless {@code -d} is given.
 */
class OperatorTargetsEndToEndTest {
    private static Stage stage;
    /** The stage policy plus the Zalando user to take: the fake cluster's manifest defines two login users. */
    private static Path policy;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start(Shape.ALL);
        try {
            policy = Stage.policy(
                    Files.createTempDirectory("kfm-operator-policy-"),
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
    void targetsListsEveryKindWithItsPodReplicasAndSecret() {
        var result = CliRun.run(
                "targets", "--kubeconfig", stage.cluster().kubeconfig().toString(), "--policy", policy.toString());

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        var lines = result.out().lines().toList();
        assertThat(row(lines, "svc/postgis:5432")).as(result.transcript()).contains("Service", "postgis-0");
        assertThat(row(lines, "cnpg/kfm-cnpg:rw"))
                .as(result.transcript())
                .contains("CloudNativePG", "kfm-cnpg-1", "kfm-cnpg-2", "kfm-cnpg-app");
        assertThat(row(lines, "zalando/kfm-zalando:master"))
                .as(result.transcript())
                .contains(
                        "Zalando",
                        "kfm-zalando-0",
                        "kfm-zalando-1",
                        ".kfm-zalando.credentials.postgresql.acid.zalan.do");
        assertThat(row(lines, "crunchy/kfm-crunchy:primary"))
                .as(result.transcript())
                .contains("Crunchy PGO", "kfm-crunchy-pguser-kfm-reader");
        assertThat(result.err()).as(result.transcript()).doesNotContain("warning:");
    }

    @Test
    void targetsSaysWhyAZalandoClusterWithSeveralUsersNeedsThePolicy() {
        var result = CliRun.run(
                "targets",
                "--kubeconfig",
                stage.cluster().kubeconfig().toString(),
                "--policy",
                stage.policy().toString());

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out())
                .as(result.transcript())
                .contains("zalando/kfm-zalando:master")
                .contains("several login users", "kfm_owner, kfm_reader");
    }

    @Test
    void targetsWarnsWhenAnOperatorsClustersCannotBeListed() {
        stage.cluster().faults().denyRbac("list postgresqls");
        try {
            var result = CliRun.run(
                    "targets", "--kubeconfig", stage.cluster().kubeconfig().toString(), "--policy", policy.toString());

            assertThat(result.exitCode()).as(result.transcript()).isZero();
            assertThat(result.out())
                    .as(result.transcript())
                    .contains("cnpg/kfm-cnpg:rw")
                    .doesNotContain("zalando/");
            assertThat(result.err())
                    .as(result.transcript())
                    .contains("warning:")
                    .containsIgnoringCase("zalando");
        } finally {
            stage.cluster().faults().resetRbac();
        }
    }

    @Test
    void targetsRefusesAnUnknownContextWithExit2() {
        var result = CliRun.run(
                "targets",
                "--kubeconfig",
                stage.cluster().kubeconfig().toString(),
                "--context",
                "nope",
                "--policy",
                policy.toString());

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err()).as(result.transcript()).contains("nope");
    }

    @Test
    void cnpgQueryWithoutDatabaseUsesTheSecretsDbnameAndJournalsPodAndSecret() {
        Path audit = Stage.auditDir(temp, "cnpg");
        var result = query(audit, "cnpg/kfm-cnpg", "SELECT current_database(), current_user, pg_is_in_recovery()");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out().lines().toList())
                .as(result.transcript())
                .containsExactly("current_database,current_user,pg_is_in_recovery", "kfm,kfm_reader,f");
        assertThat(result.err())
                .as(result.transcript())
                .contains("pod kfm-cnpg-1", "database kfm", "database kfm from Secret kfm-cnpg-app");
        var journal = Journal.read(audit);
        var open = journal.first("tunnel.open");
        assertThat(open.path("tunnel").path("pod").asString()).isEqualTo("kfm-cnpg-1");
        assertThat(open.path("tunnel").path("reason").asString())
                .contains("credentials from Secret kfm-cnpg-app", "primary", "Service kfm-cnpg-rw");
        var begin = journal.begin("SELECT current_database(), current_user, pg_is_in_recovery()");
        assertThat(begin.path("target").path("pod").asString()).isEqualTo("kfm-cnpg-1");
        assertThat(begin.path("target").path("podUid").asString())
                .isEqualTo(stage.cluster().podUid("kfm-cnpg-1"));
        assertThat(begin.path("target").path("database").asString()).isEqualTo("kfm");
        assertThat(begin.path("target").path("dbUser").asString()).isEqualTo("kfm_reader");
        assertThat(journal.types()).contains("query.end");
    }

    @Test
    void cnpgReplicaTargetLandsOnTheStandby() {
        Path audit = Stage.auditDir(temp, "cnpg-ro");
        var result = query(audit, "cnpg/kfm-cnpg:ro", "SELECT pg_is_in_recovery()");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out().lines().toList()).as(result.transcript()).containsExactly("pg_is_in_recovery", "t");
        assertThat(Journal.read(audit)
                        .first("tunnel.open")
                        .path("tunnel")
                        .path("pod")
                        .asString())
                .isEqualTo("kfm-cnpg-2");
    }

    @Test
    void databaseFlagWinsOverTheSecretsDbname() {
        Path audit = Stage.auditDir(temp, "cnpg-d");
        var result = query(audit, "cnpg/kfm-cnpg", "SELECT current_database()", "-d", "postgres");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out().lines().toList())
                .as(result.transcript())
                .containsExactly("current_database", "postgres");
        assertThat(Journal.read(audit)
                        .begin("SELECT current_database()")
                        .path("target")
                        .path("database")
                        .asString())
                .isEqualTo("postgres");
    }

    @Test
    void zalandoAndCrunchyPrimariesResolveThroughTheirSelectorlessServices() {
        // The fake Crunchy cluster's user is PGO's default shape, named like a Kubernetes object.
        for (var expected : java.util.Map.of("zalando/kfm-zalando", "kfm_reader", "crunchy/kfm-crunchy", "kfm-reader")
                .entrySet()) {
            String target = expected.getKey();
            Path audit = Stage.auditDir(temp, target.replace('/', '-'));
            var result = query(audit, target, "SELECT current_user, pg_is_in_recovery()", "-d", "kfm");

            assertThat(result.exitCode())
                    .as(target + "\n" + result.transcript())
                    .isZero();
            assertThat(result.out().lines().toList())
                    .as(result.transcript())
                    .containsExactly("current_user,pg_is_in_recovery", expected.getValue() + ",f");
            assertThat(Journal.read(audit)
                            .first("tunnel.open")
                            .path("tunnel")
                            .path("reason")
                            .asString())
                    .as(target)
                    .contains("EndpointSlice");
        }
    }

    @Test
    void writeElevationOnAnOperatorTargetWithoutPolicyCredentialsIsRefused() {
        Path audit = Stage.auditDir(temp, "cnpg-write");
        var result = query(
                audit,
                "cnpg/kfm-cnpg",
                "SELECT 1",
                "--write",
                "--write-reason",
                Stage.REASON,
                "--write-ticket",
                "INC-78",
                "--confirm-database",
                "kfm");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(result.err())
                .as(result.transcript())
                .contains("no writer credentials for cnpg/kfm-cnpg", "targets.credentials");
    }

    @Test
    void preflightAsksForTheOperatorManifestAndEndpointSlices() {
        stage.cluster().faults().denyRbac("list endpointslices");
        try {
            Path audit = Stage.auditDir(temp, "rbac");
            var result = query(audit, "zalando/kfm-zalando", "SELECT 1", "-d", "kfm");

            assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
            assertThat(result.err())
                    .as(result.transcript())
                    .contains("list endpointslices.discovery.k8s.io", "kfm-zalando has no selector");
        } finally {
            stage.cluster().faults().resetRbac();
        }
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

    private static String row(List<String> lines, String target) {
        return lines.stream()
                .filter(l -> l.contains(" " + target + " "))
                .findFirst()
                .orElse("(no row for " + target + ")");
    }
}
