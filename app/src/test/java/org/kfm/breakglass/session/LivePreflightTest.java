package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.e2e.Stage;
import org.kfm.breakglass.testkit.FakeCluster;

/**
 * Preflight against a live (fake) cluster that is wrong in one way at a time: each check passes on the stage
 * objects and fails (or warns) on the mutation, and a FAIL refuses the session with the refusal journaled.
 */
class LivePreflightTest {
    private static Stage stage;
    private static FakeCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        stage = Stage.start();
        cluster = stage.cluster();
    }

    @AfterAll
    static void stopCluster() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void everyCheckPassesOnTheStageObjects() throws Exception {
        var results = preflight(cluster.kubeconfig());

        assertThat(results).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
        assertThat(results)
                .extracting(CheckResult::name)
                .contains(
                        "identity",
                        "rbac",
                        "tls",
                        "posture:service-exposure",
                        "posture:deny-all-ingress",
                        "posture:container-resources",
                        "ready-pod",
                        "audit",
                        "witness");
    }

    @Test
    void theChecksRunTogetherYetAreReportedInTheirFixedOrderAndWhoAmIIsAskedOnce() throws Exception {
        cluster.clearOperatorRequests();
        // A slow API server: the parallel checks then finish in whatever order their round trips take.
        cluster.faults().latency(Duration.ofMillis(40));
        List<CheckResult> reported = new ArrayList<>();
        List<CheckResult> results;
        try {
            results = preflight(cluster.kubeconfig(), reported::add);
        } finally {
            cluster.faults().latency(Duration.ZERO);
        }

        assertThat(reported).containsExactlyElementsOf(results);
        var names = results.stream().map(CheckResult::name).toList();
        assertThat(names.getFirst()).isEqualTo("identity");
        assertThat(names.subList(1, 3)).containsExactly("rbac", "tls");
        int firstPosture = names.indexOf("posture:service-exposure");
        assertThat(firstPosture).isEqualTo(3);
        assertThat(names.subList(names.size() - 3, names.size())).containsExactly("ready-pod", "audit", "witness");
        assertThat(names.subList(firstPosture, names.size() - 3)).allMatch(n -> n.startsWith("posture:"));
        // session.start needs the identity and preflight reports it: one SelfSubjectReview serves both.
        assertThat(cluster.operatorRequests())
                .filteredOn(r -> r.contains("selfsubjectreviews"))
                .hasSize(1);
    }

    @Test
    void thePostureListsAndTheWitnessReviewsAreSentAtOnceAndEachOnlyOnce() throws Exception {
        preflight(cluster.kubeconfig()); // warm: class loading and TLS set-up are not what is measured
        var latency = Duration.ofMillis(500);
        List<String> requests;
        long nanos;
        try (var session = gateway().start(target(cluster.kubeconfig()), justification())) {
            cluster.clearOperatorRequests();
            cluster.faults().latency(latency);
            long start = System.nanoTime();
            try {
                session.preflight(r -> {});
            } finally {
                nanos = System.nanoTime() - start;
                cluster.faults().latency(Duration.ZERO);
            }
            requests = cluster.operatorRequests();
        }

        // Sequential, the posture probe alone took 8 round trips (8 lists) after identity's 1: at least 4.5 s at
        // 500 ms. At once, the critical path is identity + rbac's own sequential reads (the other checks overlap).
        assertThat(Duration.ofNanos(nanos)).isLessThan(latency.multipliedBy(8));
        assertThat(requests)
                .filteredOn(r -> r.contains("selfsubjectaccessreviews"))
                .hasSize(4 + 6); // rbac 4, witness 6
        for (String plural : List.of(
                "services",
                "statefulsets",
                "deployments",
                "pods",
                "networkpolicies",
                "persistentvolumeclaims",
                "externalsecrets",
                "configmaps")) {
            assertThat(requests)
                    .as("namespace list of %s (ready-pod's labelled pod list is not this one)", plural)
                    .filteredOn(r -> r.startsWith("GET ") && r.endsWith("/kfm-stage/" + plural))
                    .hasSize(1);
        }
    }

    @Test
    void aLoadBalancerServiceFailsPreflightAndTheRefusalIsJournaled() throws Exception {
        KubernetesClient admin = cluster.adminClient();
        var service = admin.services().inNamespace(cluster.namespace()).withName("postgis");
        service.edit(s -> {
            s.getSpec().setType("LoadBalancer");
            return s;
        });
        try {
            var lines = new ArrayList<CheckResult>();
            assertThatThrownBy(() -> preflight(cluster.kubeconfig(), lines::add))
                    .isInstanceOfSatisfying(
                            SessionFailure.class, e -> assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED))
                    .hasMessageContaining("posture:service-exposure");
            assertThat(lines)
                    .filteredOn(r -> r.name().equals("posture:service-exposure"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
                        assertThat(r.reason()).contains("LoadBalancer");
                    });
            assertThat(journal())
                    .contains(
                            "\"type\":\"session.preflight\"",
                            "\"type\":\"session.end\"",
                            "refused by preflight",
                            "\"type\":\"journal.seal\"");
        } finally {
            service.edit(s -> {
                s.getSpec().setType("ClusterIP");
                return s;
            });
        }
    }

    @Test
    void aMissingDenyAllPolicyFailsPreflight() throws Exception {
        KubernetesClient admin = cluster.adminClient();
        var policies = admin.network().v1().networkPolicies().inNamespace(cluster.namespace());
        NetworkPolicy denyAll = policies.withName("postgis-deny-all").get();
        policies.withName("postgis-deny-all").delete();
        try {
            var lines = new ArrayList<CheckResult>();
            assertThatThrownBy(() -> preflight(cluster.kubeconfig(), lines::add))
                    .isInstanceOf(SessionFailure.class)
                    .hasMessageContaining("posture:deny-all-ingress");
            assertThat(lines)
                    .filteredOn(r -> r.name().equals("posture:deny-all-ingress"))
                    .extracting(CheckResult::verdict)
                    .containsExactly(Verdict.FAIL);
        } finally {
            denyAll.getMetadata().setResourceVersion(null);
            policies.resource(denyAll).create();
        }
    }

    @Test
    void noReadyPodFailsPreflightNamingTheTarget() throws Exception {
        KubernetesClient admin = cluster.adminClient();
        var pod = admin.pods().inNamespace(cluster.namespace()).withName("postgis-0");
        setReady(pod, "False");
        try {
            var lines = new ArrayList<CheckResult>();
            assertThatThrownBy(() -> preflight(cluster.kubeconfig(), lines::add))
                    .isInstanceOf(SessionFailure.class)
                    .hasMessageContaining("ready-pod");
            assertThat(lines)
                    .filteredOn(r -> r.name().equals("ready-pod"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
                        assertThat(r.reason()).contains("postgis");
                    });
        } finally {
            setReady(pod, "True");
        }
    }

    @Test
    void anInsecureSkipTlsVerifyKubeconfigIsAWarningThatMustBeAcknowledged() throws Exception {
        String secure = Files.readString(cluster.kubeconfig());
        String insecure = secure.replaceAll("certificate-authority-data: .*", "insecure-skip-tls-verify: true");
        Path kubeconfig = Files.writeString(dir.resolve("insecure-kubeconfig"), insecure);
        var gateway = gateway();

        try (var session = gateway.start(target(kubeconfig), justification())) {
            var results = session.preflight(r -> {});

            assertThat(results)
                    .filteredOn(r -> r.name().equals("tls"))
                    .singleElement()
                    .extracting(CheckResult::verdict)
                    .isEqualTo(Verdict.WARN);
            assertThatThrownBy(session::open).isInstanceOf(SessionFailure.class).hasMessageContaining("acknowledge");
            session.acknowledgeWarnings();
        }
        assertThat(journal()).contains("operator acknowledged warnings: tls");
    }

    @Test
    void aSessionOnTheServicePostsKubernetesEventsWhenThePolicyAsksForThem() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                audit:
                  sinks:
                    - {type: kubernetes-event, required: false}
                """);
        var gateway = SessionGateway.create(
                Optional.of(policy),
                Optional.of(dir.resolve("audit")),
                Map.of("HOME", dir.toString()),
                Clock.systemUTC());

        try (var session = gateway.start(target(cluster.kubeconfig()), justification())) {
            session.preflight(r -> {});
        }

        var events = cluster.adminClient()
                .v1()
                .events()
                .inNamespace(cluster.namespace())
                .list()
                .getItems();
        assertThat(events)
                .filteredOn(e -> "Service".equals(e.getInvolvedObject().getKind())
                        && "postgis".equals(e.getInvolvedObject().getName()))
                .extracting(e -> e.getReason() + ": " + e.getMessage())
                .anySatisfy(
                        text -> assertThat(text).startsWith("BreakGlassOpened").contains("INC-4711"))
                .anySatisfy(text -> assertThat(text).startsWith("BreakGlassClosed"));
    }

    @Test
    void thePrivilegeCheckAfterLoginWarnsNamingEachFunctionAndTheRevokeThatFixesIt() throws Exception {
        Path audit = dir.resolve("privileges");
        asSuperuser("GRANT EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) TO PUBLIC");
        asSuperuser("GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) TO kfm_reader");
        org.kfm.breakglass.CliRun.Result run;
        try {
            run = stage.cli("query", audit, "--sql", "SELECT 1");
        } finally {
            asSuperuser("REVOKE EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) FROM PUBLIC");
            asSuperuser("REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) FROM kfm_reader");
        }

        assertThat(run.exitCode())
                .as("a WARN after login informs, it does not refuse: %s", run.transcript())
                .isZero();
        assertThat(run.err())
                .contains("notice: kfm_reader can execute 2 side-effect function(s) the seed revokes")
                .contains("REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) FROM kfm_reader")
                .contains("REVOKE EXECUTE ON FUNCTION pg_catalog.pg_notify(text,text) FROM PUBLIC;");
        var journal = org.kfm.breakglass.e2e.Journal.read(audit);
        var afterLogin = journal.after("tunnel.open");
        int begin = indexOf(
                afterLogin,
                r -> r.path("type").asString().equals("query.begin")
                        && r.path("stmt").path("sql").asString().contains("has_function_privilege"));
        assertThat(afterLogin.get(begin).path("stmt").path("sql").asString())
                .contains("has_function_privilege", "pg_terminate_backend", "lo_from_bytea", "pg_notify");
        assertThat(afterLogin.get(begin + 1).path("type").asString()).isEqualTo("query.end");
        assertThat(afterLogin.get(begin + 1).path("stmt").path("rows").asLong()).isEqualTo(2);
        var checks = afterLogin.get(begin + 2);
        assertThat(checks.path("type").asString()).isEqualTo("session.preflight");
        assertThat(checks.path("checks").get(1).path("name").asString()).isEqualTo("privileges");
        assertThat(checks.path("checks").get(1).path("verdict").asString()).isEqualTo("WARN");
        assertThat(checks.path("checks").get(1).path("reason").asString()).contains("pg_notify(text,text)");

        var clean = stage.cli("query", dir.resolve("privileges-clean"), "--sql", "SELECT 1");
        assertThat(clean.err()).doesNotContain("side-effect function");
        assertThat(org.kfm.breakglass.e2e.Journal.read(dir.resolve("privileges-clean"))
                        .toString())
                .contains("\"name\":\"privileges\",\"reason\":\"kfm_reader is no superuser");
    }

    private static int indexOf(
            java.util.List<tools.jackson.databind.JsonNode> records,
            java.util.function.Predicate<tools.jackson.databind.JsonNode> test) {
        for (int i = 0; i < records.size(); i++) {
            if (test.test(records.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such record in " + records);
    }

    private static void asSuperuser(String sql) throws Exception {
        try (var c = stage.pg().connect(stage.pg().superuser());
                var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private List<CheckResult> preflight(Path kubeconfig) throws Exception {
        return preflight(kubeconfig, r -> {});
    }

    private List<CheckResult> preflight(Path kubeconfig, Consumer<CheckResult> progress) throws Exception {
        try (var session = gateway().start(target(kubeconfig), justification())) {
            return session.preflight(progress);
        }
    }

    /** Under the stage policy (with its cluster witness), so each test sees only the fault it injects. */
    private SessionGateway gateway() throws SessionFailure {
        return SessionGateway.create(
                Optional.of(stage.policy()),
                Optional.of(dir.resolve("audit")),
                Map.of("HOME", dir.toString()),
                Clock.systemUTC());
    }

    private static TargetChoice target(Path kubeconfig) {
        return new TargetChoice(kubeconfig, null, null, null, "kfm");
    }

    private static Justification justification() {
        return new Justification(
                "Preflight test: checking the posture rules live",
                "INC-4711",
                Duration.ofMinutes(15),
                AccessMode.READ_ONLY);
    }

    private String journal() throws Exception {
        var text = new StringBuilder();
        try (var files = Files.list(dir.resolve("audit"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    private static void setReady(io.fabric8.kubernetes.client.dsl.PodResource pod, String status) {
        pod.editStatus(p -> {
            List<PodCondition> conditions = new ArrayList<>(p.getStatus().getConditions());
            conditions.removeIf(c -> "Ready".equals(c.getType()));
            conditions.add(new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus(status)
                    .build());
            p.getStatus().setConditions(conditions);
            return p;
        });
    }
}
