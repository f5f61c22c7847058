package org.kfm.breakglass.kube.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.check.Verdict;

class StageOverlayRenderTest {

    @Test
    void stageOverlayRendersExactlyTheCommittedFixture() throws Exception {
        var overlay = StageFixture.repoRoot().resolve("deploy/postgis/overlays/stage");
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).start();
        } catch (IOException e) {
            fail("kubectl is not installed or not on PATH: install kubectl (with kustomize v5) to check that "
                    + "deploy/postgis/rendered/stage.yaml matches the overlay (" + e.getMessage() + ")");
            return;
        }
        process.getOutputStream().close();
        var errors = process.getErrorStream();
        var rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var stderr = new String(errors.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("kubectl kustomize finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("kubectl kustomize failed: %s", stderr)
                .isZero();
        assertThat(rendered)
                .as("deploy/postgis/rendered/stage.yaml drifted from the overlay; re-render with "
                        + "kubectl kustomize deploy/postgis/overlays/stage > deploy/postgis/rendered/stage.yaml")
                .isEqualTo(StageFixture.renderedText());
    }

    @Test
    void everyRenderedDocumentIsAWellFormedKubernetesObject() {
        var objects = StageFixture.objects();

        assertThat(objects).hasSize(17);
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.getMetadata().getName()).isNotBlank();
            assertThat(o.getMetadata().getNamespace()).isEqualTo(StageFixture.NAMESPACE);
            assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "kfm");
        });
        assertThat(objects)
                .filteredOn(o -> !(o instanceof GenericKubernetesResource))
                .extracting(o ->
                        o.getClass().getSimpleName() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "ConfigMap/postgis-config",
                        "ConfigMap/postgis-init-sql",
                        "Service/postgis",
                        "PersistentVolumeClaim/postgis-backup",
                        "StatefulSet/postgis",
                        "CronJob/postgis-backup",
                        "CronJob/postgis-restore-drill",
                        "Job/postgis-init",
                        "NetworkPolicy/postgis-allow-api",
                        "NetworkPolicy/postgis-allow-maintenance",
                        "NetworkPolicy/postgis-deny-all",
                        "Role/breakglass-witness",
                        "RoleBinding/breakglass-witness");
        assertThat(objects)
                .filteredOn(GenericKubernetesResource.class::isInstance)
                .allSatisfy(o -> assertThat(o.getApiVersion()).isEqualTo("external-secrets.io/v1beta1"))
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "postgis-auth", "postgis-auth-writer", "postgis-auth-owner", "postgis-auth-admin");
    }

    @Test
    void seedNamesAreWhatTheConsoleResolves() {
        var objects = StageFixture.objects();

        var service = StageFixture.find(objects, Service.class, "postgis");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "postgis");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(5432);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("postgres");
        });
        var statefulSet = StageFixture.find(objects, StatefulSet.class, "postgis");
        var pod = statefulSet.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "postgis");
        var container = pod.getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("postgis/postgis:15-3.4");
        assertThat(container.getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getName()).isEqualTo("postgres"));
        assertThat(container.getReadinessProbe().getExec().getCommand()).anyMatch(c -> c.contains("pg_isready"));
        assertThat(container.getLivenessProbe().getExec().getCommand()).anyMatch(c -> c.contains("pg_isready"));
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(999L);
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates())
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.getMetadata().getName()).isEqualTo("postgis-data");
                    assertThat(t.getSpec().getStorageClassName()).isEqualTo("stage-ssd");
                    assertThat(t.getSpec()
                                    .getResources()
                                    .getRequests()
                                    .get("storage")
                                    .toString())
                            .isEqualTo("20Gi");
                });
        assertThat(StageFixture.find(objects, ConfigMap.class, "postgis-init-sql")
                        .getData())
                .containsKeys("10-roles.sql", "20-database.sql", "30-function-privileges.sql", "init.sh");
        assertThat(StageFixture.find(objects, Job.class, "postgis-init")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("postgis-init-sql"));
        assertThat(StageFixture.find(objects, CronJob.class, "postgis-restore-drill")
                        .getSpec()
                        .getSuspend())
                .isTrue();
        assertThat(StageFixture.find(objects, PersistentVolumeClaim.class, "postgis-backup")
                        .getSpec()
                        .getStorageClassName())
                .isEqualTo("stage-ssd");
        var denyAll = StageFixture.find(objects, NetworkPolicy.class, "postgis-deny-all");
        assertThat(denyAll.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(denyAll.getSpec().getIngress()).isNullOrEmpty();
    }

    @Test
    void theWitnessRoleLetsOperatorsCreateAndReadConfigMapsButNeverRewriteThem() {
        var objects = StageFixture.objects();

        var role = StageFixture.find(objects, Role.class, "breakglass-witness");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("configmaps");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch");
            assertThat(rule.getVerbs()).doesNotContain("update", "patch", "delete", "deletecollection", "*");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
        });
        var binding = StageFixture.find(objects, RoleBinding.class, "breakglass-witness");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("breakglass-witness");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("Group");
            assertThat(subject.getName()).isEqualTo("kfm:breakglass-operators");
        });
    }

    @Test
    void committedFixturePassesEveryRule() {
        var findings = PostureRulebook.evaluate(StageFixture.manifests(StageFixture.objects()));

        assertThat(findings)
                .extracting(PostureFinding::rule)
                .containsExactly(
                        "service-exposure",
                        "deny-all-ingress",
                        "named-namespace-ingress",
                        "container-resources",
                        "no-plaintext-secrets",
                        "pvc-storage",
                        "named-postgres-port",
                        "function-privileges");
        assertThat(findings)
                .allSatisfy(f -> assertThat(f.verdict()).as(f.toString()).isEqualTo(Verdict.PASS));
        assertThat(findings)
                .filteredOn(f -> f.rule().equals("named-namespace-ingress"))
                .singleElement()
                .satisfies(f -> assertThat(f.reason())
                        .contains("namespace kfm-api", "namespace kfm-ingest", "pods of namespace kfm-stage"));
    }
}
