package org.kfm.breakglass.kube.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.check.Verdict;

class PostureRulesTest {

    /** Parses the fixture, applies the mutation, and judges it with the one named rule. */
    private static PostureFinding judge(String rule, Consumer<List<HasMetadata>> mutation) {
        var objects = new java.util.ArrayList<>(StageFixture.objects());
        mutation.accept(objects);
        return PostureRulebook.evaluate(StageFixture.manifests(objects)).stream()
                .filter(f -> f.rule().equals(rule))
                .findFirst()
                .orElseThrow();
    }

    private static StatefulSet statefulSet(List<HasMetadata> objects) {
        return StageFixture.find(objects, StatefulSet.class, "postgis");
    }

    private static NetworkPolicy allowApi(List<HasMetadata> objects) {
        return StageFixture.find(objects, NetworkPolicy.class, "postgis-allow-api");
    }

    @Test
    void loadBalancerServiceFails() {
        var finding = judge(
                "service-exposure",
                o -> StageFixture.find(o, Service.class, "postgis").getSpec().setType("LoadBalancer"));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("Service postgis", "LoadBalancer");
    }

    @Test
    void nodePortServiceFails() {
        var finding = judge(
                "service-exposure",
                o -> StageFixture.find(o, Service.class, "postgis").getSpec().setType("NodePort"));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("NodePort");
    }

    @Test
    void aSecondServiceSelectingPostgisByLabelIsJudgedToo() {
        var finding = judge("service-exposure", o -> {
            var extra = StageFixture.find(o, Service.class, "postgis").toBuilder()
                    .editMetadata()
                    .withName("postgis-public")
                    .endMetadata()
                    .editSpec()
                    .withType("LoadBalancer")
                    .endSpec()
                    .build();
            o.add(extra);
        });

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("Service postgis-public");
    }

    @Test
    void missingDenyAllFails() {
        var finding =
                judge("deny-all-ingress", o -> o.remove(StageFixture.find(o, NetworkPolicy.class, "postgis-deny-all")));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("StatefulSet postgis");
    }

    @Test
    void denyAllThatSelectsOtherPodsFails() {
        var finding = judge(
                "deny-all-ingress",
                o -> StageFixture.find(o, NetworkPolicy.class, "postgis-deny-all")
                        .getSpec()
                        .getPodSelector()
                        .setMatchLabels(Map.of("app.kubernetes.io/name", "something-else")));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void denyAllWithoutIngressPolicyTypeFails() {
        var finding = judge(
                "deny-all-ingress",
                o -> StageFixture.find(o, NetworkPolicy.class, "postgis-deny-all")
                        .getSpec()
                        .setPolicyTypes(List.of("Egress")));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void ingressRuleWithoutFromFails() {
        var finding = judge(
                "named-namespace-ingress",
                o -> allowApi(o).getSpec().getIngress().getFirst().setFrom(List.of()));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("postgis-allow-api ingress[0] has no from");
    }

    @Test
    void ingressFromTheWholeInternetFails() {
        var finding = judge(
                "named-namespace-ingress",
                o -> allowApi(o)
                        .getSpec()
                        .getIngress()
                        .getFirst()
                        .getFrom()
                        .add(new NetworkPolicyPeer(new IPBlock("0.0.0.0/0", List.of()), null, null)));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("0.0.0.0/0");
    }

    @Test
    void emptyNamespaceSelectorFails() {
        var finding = judge(
                "named-namespace-ingress",
                o -> allowApi(o)
                        .getSpec()
                        .getIngress()
                        .add(new NetworkPolicyIngressRule(
                                List.of(new NetworkPolicyPeer(null, new LabelSelector(), null)), List.of())));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("empty namespaceSelector");
    }

    @Test
    void namespaceSelectedByAnyOtherLabelWarns() {
        var finding = judge(
                "named-namespace-ingress",
                o -> allowApi(o)
                        .getSpec()
                        .getIngress()
                        .getFirst()
                        .getFrom()
                        .getFirst()
                        .getNamespaceSelector()
                        .setMatchLabels(Map.of("team", "geo")));

        assertThat(finding.verdict()).isEqualTo(Verdict.WARN);
        assertThat(finding.reason()).contains("team=geo");
    }

    @Test
    void containerWithoutLimitsFails() {
        var finding = judge(
                "container-resources",
                o -> statefulSet(o)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getResources()
                        .setLimits(Map.of()));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("StatefulSet postgis container postgis lacks limits.cpu, limits.memory");
    }

    @Test
    void initContainerWithoutResourcesFails() {
        var finding = judge(
                "container-resources",
                o -> statefulSet(o)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .setInitContainers(List.of(new ContainerBuilder()
                                .withName("chown")
                                .withImage("busybox")
                                .withResources(new ResourceRequirements())
                                .build())));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("container chown lacks requests.cpu");
    }

    @Test
    void plaintextSecretFailsNamingTheSecretButNotItsValues() {
        var finding = judge(
                "no-plaintext-secrets",
                o -> o.add(new SecretBuilder()
                        .withNewMetadata()
                        .withName("postgis-auth")
                        .withNamespace("kfm-stage")
                        .endMetadata()
                        .withStringData(Map.of("POSTGRES_USER", "kfm_reader", "POSTGRES_PASSWORD", "hunter2-s3cret"))
                        .build()));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("Secret postgis-auth").doesNotContain("hunter2-s3cret", "kfm_reader");
    }

    @Test
    void plaintextSecretInYamlTextFails() {
        var yaml = StageFixture.renderedText() + """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: postgis-auth-writer
                data:
                  POSTGRES_PASSWORD: aHVudGVyMg==
                """;
        var findings = PostureRulebook.evaluate(
                ManifestPostureSource.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));

        assertThat(findings)
                .filteredOn(f -> f.rule().equals("no-plaintext-secrets"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.verdict()).isEqualTo(Verdict.FAIL);
                    assertThat(f.reason()).contains("postgis-auth-writer").doesNotContain("aHVudGVyMg==", "hunter2");
                });
    }

    @Test
    void serviceTypeEditedInYamlTextFails() {
        var yaml = StageFixture.renderedText().replace("type: ClusterIP", "type: LoadBalancer");
        var findings = PostureRulebook.evaluate(
                ManifestPostureSource.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));

        assertThat(findings)
                .filteredOn(f -> f.verdict() == Verdict.FAIL)
                .extracting(PostureFinding::rule)
                .containsExactly("service-exposure");
    }

    @Test
    void unnamedPostgresPortFails() {
        var finding = judge(
                "named-postgres-port",
                o -> statefulSet(o)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getPorts()
                        .getFirst()
                        .setName(null));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("no container port 5432 named postgres");
    }

    @Test
    void numericServiceTargetPortWarns() {
        var finding = judge(
                "named-postgres-port",
                o -> StageFixture.find(o, Service.class, "postgis")
                        .getSpec()
                        .getPorts()
                        .getFirst()
                        .setTargetPort(new IntOrString(5432)));

        assertThat(finding.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void pvcWithoutStorageClassFails() {
        var finding = judge(
                "pvc-storage",
                o -> StageFixture.find(o, PersistentVolumeClaim.class, "postgis-backup")
                        .getSpec()
                        .setStorageClassName(null));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).isEqualTo("PersistentVolumeClaim postgis-backup has no storageClassName");
    }

    @Test
    void volumeClaimTemplateWithoutSizeFails() {
        var finding = judge(
                "pvc-storage",
                o -> statefulSet(o)
                        .getSpec()
                        .getVolumeClaimTemplates()
                        .getFirst()
                        .getSpec()
                        .getResources()
                        .setRequests(Map.of()));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("volumeClaimTemplate postgis-data requests no storage size");
    }

    @Test
    void manifestsWithoutPostgisPodsFailTheRulesThatNeedThem() {
        var finding = judge("deny-all-ingress", o -> o.remove(statefulSet(o)));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason()).contains("no PostGIS pods found");
    }

    private static final String NOTIFY_REVOKE =
            "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) FROM PUBLIC;";

    private static Map<String, String> initSql(List<HasMetadata> objects) {
        return StageFixture.find(objects, io.fabric8.kubernetes.api.model.ConfigMap.class, "postgis-init-sql")
                .getData();
    }

    private static void editFunctionPrivileges(
            List<HasMetadata> objects, java.util.function.UnaryOperator<String> edit) {
        initSql(objects).compute("30-function-privileges.sql", (k, v) -> edit.apply(v));
    }

    @Test
    void theRenderedInitSqlRevokesEverySideEffectFunction() {
        var finding = judge("function-privileges", o -> {});

        assertThat(finding.verdict()).as(finding.reason()).isEqualTo(Verdict.PASS);
        assertThat(finding.reason())
                .contains(org.kfm.breakglass.check.RevokedFunction.all().size() + " signalling")
                .contains("ConfigMap postgis-init-sql/30-function-privileges.sql");
        assertThat(org.kfm.breakglass.check.RevokedFunction.all()).hasSize(62);
    }

    @Test
    void aMissingOrCommentedOutRevokeFailsNamingTheFunctionAndTheStatement() {
        for (java.util.function.UnaryOperator<String> mutation : List.<java.util.function.UnaryOperator<String>>of(
                sql -> sql.replace(NOTIFY_REVOKE, ""),
                sql -> sql.replace(NOTIFY_REVOKE, "-- " + NOTIFY_REVOKE),
                sql -> sql.replace(NOTIFY_REVOKE, "/* " + NOTIFY_REVOKE + " */"),
                sql -> sql.replace(NOTIFY_REVOKE, NOTIFY_REVOKE.replace("FROM PUBLIC", "FROM kfm_writer")))) {
            var finding = judge("function-privileges", o -> editFunctionPrivileges(o, mutation));

            assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(finding.reason())
                    .contains("does not revoke EXECUTE from PUBLIC on 1 function(s): pg_notify(text,text)")
                    .contains(NOTIFY_REVOKE);
        }
    }

    @Test
    void revokesInAnotherLayoutStillCount() {
        var finding = judge(
                "function-privileges",
                o -> editFunctionPrivileges(
                        o,
                        sql -> sql.replace(
                                NOTIFY_REVOKE,
                                "revoke  execute\n  on function PG_CATALOG.PG_NOTIFY ( text ,text )\n from public ;")));

        assertThat(finding.verdict()).as(finding.reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void grantingAFunctionBackToPublicOrTheReaderFails() {
        var finding = judge(
                "function-privileges",
                o -> editFunctionPrivileges(
                        o,
                        sql -> sql + "\nGRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) TO kfm_owner, "
                                + "kfm_reader;\ngrant execute on function lo_put(oid, bigint, bytea) to public;\n"));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason())
                .contains("grants side-effect functions back")
                .contains("pg_advisory_lock(bigint) to kfm_owner,kfm_reader", "lo_put(oid,bigint,bytea) to public");
    }

    @Test
    void aScriptThatNeverRunsTheRevokesFails() {
        var finding = judge(
                "function-privileges",
                o -> initSql(o)
                        .compute("init.sh", (k, v) -> v.replaceAll("(?m)^.*30-function-privileges\\.sql.*$", "")));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.reason())
                .contains("no init script runs ConfigMap postgis-init-sql/30-function-privileges.sql");
    }

    @Test
    void manifestsWithoutInitSqlFailButALiveNamespaceWithoutItIsLeftToTheLoginCheck() {
        var manifests = judge(
                "function-privileges", o -> o.removeIf(m -> m instanceof io.fabric8.kubernetes.api.model.ConfigMap));
        assertThat(manifests.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(manifests.reason()).contains("no init SQL");

        var objects = new java.util.ArrayList<>(StageFixture.objects());
        objects.removeIf(m -> m instanceof io.fabric8.kubernetes.api.model.ConfigMap);
        var live = new FunctionPrivilegesRule().evaluate(ObjectInventory.sort(PostureInput.Origin.LIVE, objects));
        assertThat(live.verdict()).isEqualTo(Verdict.PASS);
        assertThat(live.reason()).contains("privilege check after login");

        var liveMissing = new java.util.ArrayList<>(StageFixture.objects());
        editFunctionPrivileges(liveMissing, sql -> sql.replace(NOTIFY_REVOKE, ""));
        var warned = new FunctionPrivilegesRule().evaluate(ObjectInventory.sort(PostureInput.Origin.LIVE, liveMissing));
        assertThat(warned.verdict()).isEqualTo(Verdict.WARN);
        assertThat(warned.reason()).contains("pg_notify(text,text)");
    }

    @Test
    void emptyInputIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> ManifestPostureSource.read(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(PostureInputException.class)
                .hasMessageContaining("empty")
                .hasMessageContaining("kubectl kustomize");
    }

    @Test
    void textThatIsNotKubernetesYamlIsRejected() {
        assertThatThrownBy(() -> ManifestPostureSource.read(
                        new ByteArrayInputStream("just: [a, broken\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(PostureInputException.class)
                .hasMessageContaining("not valid Kubernetes YAML");
    }

    @Test
    void unreadableFileIsRejectedNamingThePath() {
        var missing = StageFixture.repoRoot().resolve("deploy/postgis/rendered/no-such.yaml");

        assertThatThrownBy(() -> ManifestPostureSource.read(missing))
                .isInstanceOf(PostureInputException.class)
                .hasMessageContaining("no-such.yaml");
    }
}
