package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seed's objects in namespace {@code kfm-stage}, read from the committed render of the stage overlay
 * ({@code deploy/postgis/rendered/stage.yaml}, on the class path as {@value #FIXTURE}), so the fake cluster, the
 * console and the posture checks speak about the same objects.
 *
 * <p>What a running cluster would hold is derived from it: the StatefulSet (with a Ready status), a Ready pod
 * {@code postgis-0} built from its pod template, its data PVC, the Service, the NetworkPolicies and PVCs as they
 * are, and one Secret per ExternalSecret target holding the {@link LocalPostgis} role's credentials (the role is
 * the target's {@code kfm.org/postgis-role} label), the ConfigMaps as they are (the init SQL, which the posture
 * checks read live too), and the witness Role and RoleBinding. Jobs and CronJobs have no controller here and are
 * left out.
 */
final class StageObjects {

    static final String FIXTURE = "/deploy/postgis/rendered/stage.yaml";
    static final String NAMESPACE = "kfm-stage";
    static final String APP = "postgis";
    static final String POD = "postgis-0";
    static final String CONTAINER = "postgis";
    static final String PORT_NAME = "postgres";
    static final int CONTAINER_PORT = 5432;
    static final String SECRET_READER = "postgis-auth";
    static final String SECRET_WRITER = "postgis-auth-writer";
    static final String SECRET_OWNER = "postgis-auth-owner";
    static final String INIT_SQL = "postgis-init-sql";
    static final String POD_IP = "10.42.0.17";

    private static final String ROLE_LABEL = "kfm.org/postgis-role";
    private static final List<HasMetadata> RENDERED = load();

    private final LocalPostgis pg;
    private final String statefulSetUid = UUID.randomUUID().toString();

    StageObjects(LocalPostgis pg) {
        this.pg = pg;
    }

    /** Everything to create, in creation order (owner before owned). */
    List<HasMetadata> all() {
        var objects = new ArrayList<HasMetadata>(common());
        objects.addAll(workload());
        return objects;
    }

    /**
     * What every shape has: the namespace, its NetworkPolicies and the witness RBAC, as applied; FaultState
     * enforces what the RBAC grants for the operator's requests.
     */
    List<HasMetadata> common() {
        var objects = new ArrayList<HasMetadata>();
        objects.add(namespace());
        objects.addAll(rendered(NetworkPolicy.class));
        objects.addAll(rendered(Role.class));
        objects.addAll(rendered(RoleBinding.class));
        return objects;
    }

    /** The seed's PostGIS: StatefulSet, pod, volumes, Service, Secrets, ConfigMaps. */
    List<HasMetadata> workload() {
        var objects = new ArrayList<HasMetadata>();
        objects.add(statefulSet());
        objects.add(pod(UUID.randomUUID().toString(), true));
        objects.add(dataClaim());
        objects.add(service());
        objects.addAll(secrets());
        objects.addAll(rendered(PersistentVolumeClaim.class));
        objects.addAll(rendered(ConfigMap.class));
        return objects;
    }

    /**
     * One file of the init Job's SQL, exactly as rendered into ConfigMap {@value #INIT_SQL}: the harness sets its
     * databases up with the deploy's own statements.
     */
    static String initSql(String file) {
        return rendered(ConfigMap.class).stream()
                .filter(c -> INIT_SQL.equals(c.getMetadata().getName()))
                .map(c -> c.getData().get(file))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        FIXTURE + " has no " + file + " in ConfigMap " + INIT_SQL + ": re-render the stage overlay"));
    }

    Namespace namespace() {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .addToLabels("kubernetes.io/metadata.name", NAMESPACE)
                .endMetadata()
                .build();
    }

    StatefulSet statefulSet() {
        return new StatefulSetBuilder(renderedStatefulSet())
                .editMetadata()
                .withUid(statefulSetUid)
                .endMetadata()
                .withNewStatus()
                .withReplicas(1)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .endStatus()
                .build();
    }

    /** The StatefulSet's pod, built from its pod template, with the given UID, Ready or not yet Ready. */
    Pod pod(String uid, boolean ready) {
        String now = java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        var template = renderedStatefulSet().getSpec().getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(POD)
                .withNamespace(NAMESPACE)
                .withUid(uid)
                .withLabels(template.getMetadata().getLabels())
                .addToLabels("statefulset.kubernetes.io/pod-name", POD)
                .addToLabels("apps.kubernetes.io/pod-index", "0")
                .addToLabels(
                        "controller-revision-hash",
                        APP + "-" + PodStatuses.digest(APP).substring(0, 10))
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName(APP)
                .withUid(statefulSetUid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec()
                .withHostname(POD)
                .withSubdomain(APP)
                .withNodeName(PodStatuses.NODE)
                .endSpec()
                .build();
        pod.setStatus(PodStatuses.running(pod.getSpec(), uid, POD_IP, ready, now));
        return pod;
    }

    /** The PVC the StatefulSet controller would have made from the volumeClaimTemplate for {@code postgis-0}. */
    PersistentVolumeClaim dataClaim() {
        var template = renderedStatefulSet().getSpec().getVolumeClaimTemplates().getFirst();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(template.getMetadata().getName() + "-" + POD)
                .withNamespace(NAMESPACE)
                .withLabels(template.getMetadata().getLabels())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }

    Service service() {
        var service = rendered(Service.class).stream()
                .filter(s -> APP.equals(s.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(FIXTURE + " has no Service " + APP));
        return new ServiceBuilder(service)
                .editSpec()
                .withClusterIP("10.43.12.34")
                .endSpec()
                .build();
    }

    /** One Secret per ExternalSecret target, holding the role's credentials as the operator would sync them. */
    List<Secret> secrets() {
        var secrets = new ArrayList<Secret>();
        for (var external : rendered(GenericKubernetesResource.class)) {
            if (!"ExternalSecret".equals(external.getKind())) {
                continue;
            }
            String name = external.get("spec", "target", "name");
            Map<String, String> labels = external.get("spec", "target", "template", "metadata", "labels");
            String role = labels == null ? null : labels.get(ROLE_LABEL);
            secrets.add(secret(name == null ? external.getMetadata().getName() : name, role(role, external), labels));
        }
        return secrets;
    }

    Secret secret(String name, DbRole role, Map<String, String> labels) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withLabels(labels)
                .endMetadata()
                .withType("Opaque")
                .addToData("POSTGRES_USER", b64.encodeToString(role.user().getBytes(StandardCharsets.UTF_8)))
                .addToData(
                        "POSTGRES_PASSWORD", b64.encodeToString(role.password().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private DbRole role(String role, HasMetadata external) {
        return switch (role == null ? "" : role) {
            case "reader" -> pg.reader();
            case "writer" -> pg.writer();
            case "owner" -> pg.owner();
            case "admin" -> pg.superuser();
            default ->
                throw new IllegalStateException(
                        "ExternalSecret " + external.getMetadata().getName() + " in " + FIXTURE
                                + " has no target label " + ROLE_LABEL + " of reader, writer, owner or admin");
        };
    }

    private static StatefulSet renderedStatefulSet() {
        return rendered(StatefulSet.class).stream()
                .filter(s -> APP.equals(s.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(FIXTURE + " has no StatefulSet " + APP));
    }

    /** Fresh copies of the rendered objects of a type, so callers may change them. */
    private static <T extends HasMetadata> List<T> rendered(Class<T> type) {
        var serialization = new KubernetesSerialization();
        return RENDERED.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .map(serialization::clone)
                .toList();
    }

    private static List<HasMetadata> load() {
        try (InputStream in = StageObjects.class.getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException(FIXTURE + " is not on the class path: the testkit pom adds "
                        + "deploy/postgis/rendered as a resource directory; rebuild the testkit module");
            }
            Object parsed = new KubernetesSerialization().unmarshal(in);
            List<?> items = switch (parsed) {
                case KubernetesList list -> list.getItems();
                case List<?> list -> list;
                default -> List.of(parsed);
            };
            var objects = new ArrayList<HasMetadata>();
            for (Object item : items) {
                objects.add((HasMetadata) item);
            }
            checkSeedNames(objects);
            return List.copyOf(objects);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FIXTURE, e);
        }
    }

    /** The console depends on these names; fail loudly if the overlay ever changes them. */
    private static void checkSeedNames(List<HasMetadata> objects) {
        var problems = new ArrayList<String>();
        var byKindName = new HashMap<String, HasMetadata>();
        objects.forEach(o -> byKindName.put(o.getKind() + "/" + o.getMetadata().getName(), o));
        if (!(byKindName.get("Service/" + APP) instanceof Service service)
                || service.getSpec().getPorts().stream()
                        .noneMatch(p -> p.getPort() == CONTAINER_PORT
                                && p.getTargetPort() != null
                                && PORT_NAME.equals(p.getTargetPort().getStrVal()))) {
            problems.add("Service " + APP + " port " + CONTAINER_PORT + " -> targetPort " + PORT_NAME);
        }
        if (!(byKindName.get("StatefulSet/" + APP) instanceof StatefulSet statefulSet)
                || !APP.equals(statefulSet
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .get("app.kubernetes.io/name"))) {
            problems.add("StatefulSet " + APP + " with pod label app.kubernetes.io/name=" + APP);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(FIXTURE + " lacks the seed's names: " + String.join(", ", problems));
        }
    }
}
