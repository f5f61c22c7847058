package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seed's objects in namespace {@code kfm-stage}: the PostGIS StatefulSet and its pod, the Service, the
 * credential Secrets and the NetworkPolicies.
 *
 * <p>One place for the cluster's content, so a later change can swap in the rendered Kustomize overlay.
 */
final class StageObjects {

  static final String NAMESPACE = "kfm-stage";
  static final String APP = "postgis";
  static final String POD = "postgis-0";
  static final String CONTAINER = "postgis";
  static final String PORT_NAME = "postgres";
  static final int CONTAINER_PORT = 5432;
  static final String SECRET_READER = "postgis-auth";
  static final String SECRET_WRITER = "postgis-auth-writer";
  static final String SECRET_OWNER = "postgis-auth-owner";

  private static final Map<String, String> LABELS = Map.of(
      "app.kubernetes.io/name", APP,
      "app.kubernetes.io/part-of", "kfm");
  private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", APP);

  private final LocalPostgis pg;
  private final String statefulSetUid = UUID.randomUUID().toString();

  StageObjects(LocalPostgis pg) {
    this.pg = pg;
  }

  /** Everything to create, in creation order (owner before owned). */
  List<HasMetadata> all() {
    return List.of(namespace(), statefulSet(), pod(UUID.randomUUID().toString(), true), service(),
        secret(SECRET_READER, pg.reader()), secret(SECRET_WRITER, pg.writer()), secret(SECRET_OWNER, pg.owner()),
        denyAll(), allowApi());
  }

  Namespace namespace() {
    return new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
        .addToLabels("kubernetes.io/metadata.name", NAMESPACE).endMetadata().build();
  }

  StatefulSet statefulSet() {
    return new StatefulSetBuilder()
        .withNewMetadata().withName(APP).withNamespace(NAMESPACE).withUid(statefulSetUid).withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withServiceName(APP)
        .withReplicas(1)
        .withNewSelector().withMatchLabels(SELECTOR).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(LABELS).endMetadata()
        .withNewSpec()
        .addNewContainer().withName(CONTAINER).withImage("docker.io/postgis/postgis:15-3.4")
        .addNewPort().withName(PORT_NAME).withContainerPort(CONTAINER_PORT).withProtocol("TCP").endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).endStatus()
        .build();
  }

  /** The StatefulSet's pod with the given UID, Ready or not yet Ready. */
  Pod pod(String uid, boolean ready) {
    String now = Instant.now().toString();
    String readyStatus = ready ? "True" : "False";
    return new PodBuilder()
        .withNewMetadata()
        .withName(POD).withNamespace(NAMESPACE).withUid(uid).withLabels(LABELS)
        .addToLabels("statefulset.kubernetes.io/pod-name", POD)
        .addNewOwnerReference()
        .withApiVersion("apps/v1").withKind("StatefulSet").withName(APP).withUid(statefulSetUid)
        .withController(true).withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withHostname(POD).withSubdomain(APP).withNodeName("kfm-node-1")
        .addNewContainer()
        .withName(CONTAINER).withImage("docker.io/postgis/postgis:15-3.4")
        .addNewPort().withName(PORT_NAME).withContainerPort(CONTAINER_PORT).withProtocol("TCP").endPort()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")))
        .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running").withPodIP("10.42.0.17").withHostIP("192.168.49.2").withStartTime(now)
        .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).endCondition()
        .addNewCondition().withType("Initialized").withStatus("True").withLastTransitionTime(now).endCondition()
        .addNewCondition().withType("ContainersReady").withStatus(readyStatus).withLastTransitionTime(now)
        .endCondition()
        .addNewCondition().withType("Ready").withStatus(readyStatus).withLastTransitionTime(now).endCondition()
        .addNewContainerStatus().withName(CONTAINER).withReady(ready).withStarted(true).withRestartCount(0)
        .withImage("docker.io/postgis/postgis:15-3.4")
        .withNewState().withNewRunning().withStartedAt(now).endRunning().endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  Service service() {
    return new ServiceBuilder()
        .withNewMetadata().withName(APP).withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
        .withNewSpec()
        .withType("ClusterIP").withClusterIP("10.43.12.34").withSelector(SELECTOR)
        .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(CONTAINER_PORT)
        .withTargetPort(new IntOrString(PORT_NAME)).endPort()
        .endSpec()
        .build();
  }

  Secret secret(String name, DbRole role) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
        .withType("Opaque")
        .addToData("POSTGRES_USER", b64.encodeToString(role.user().getBytes(StandardCharsets.UTF_8)))
        .addToData("POSTGRES_PASSWORD", b64.encodeToString(role.password().getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  NetworkPolicy denyAll() {
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName("postgis-deny-all").withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(SELECTOR).build())
        .withPolicyTypes("Ingress")
        .endSpec()
        .build();
  }

  NetworkPolicy allowApi() {
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName("postgis-allow-api").withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(SELECTOR).build())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewNamespaceSelector()
        .addNewMatchExpression().withKey("kubernetes.io/metadata.name").withOperator("In")
        .withValues("kfm-api", "kfm-ingest").endMatchExpression()
        .endNamespaceSelector()
        .endFrom()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(CONTAINER_PORT)).endPort()
        .endIngress()
        .endSpec()
        .build();
  }
}
