package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.Map;

/**
 * One PostgreSQL cluster the way its operator leaves it in a namespace, modelled on the operator's own manifests
 * (names, labels, selectors, Secret keys; docs/testkit.md cites where each came from): the CRD, the custom
 * resource and its status, Services, Secrets, controllers, and two instance pods whose role labels say which is
 * the primary. The harness's controllers ({@link EndpointsController}) write the selector Services' endpoints; the
 * selectorless ones get theirs from {@link #leaderEndpoints}, as Patroni (or the operator) writes them.
 */
sealed interface OperatorCluster permits CnpgCluster, ZalandoCluster, CrunchyCluster {

    /** One instance: its pod name, pod IP and the real server behind its port 5432. */
    record Instance(String pod, String ip, PostgresServer server) {}

    /** How the harness looks up what the store assigned: UIDs and cluster IPs by kind and name. */
    interface Lookup {
        String uid(String kind, String name);

        String clusterIp(String service);
    }

    String name();

    Shape shape();

    CustomResourceDefinition crd();

    /** The custom resource as applied (no status: the operator writes that through the status subresource). */
    GenericKubernetesResource customResource();

    /** Services, Secrets, controllers and volumes, owners before what they own. */
    List<HasMetadata> objects(Lookup lookup);

    List<Instance> instances();

    /** The instance's pod: its role labels say primary or replica; {@code ready} as its readiness probe says. */
    Pod pod(Instance instance, boolean primary, boolean ready, Lookup lookup);

    /** The custom resource's status with {@code primary} as the primary and {@code readyInstances} ready. */
    Map<String, Object> status(String primary, int readyInstances);

    /** Endpoints of the Services without a selector, pointing at {@code primary}. */
    List<Endpoints> leaderEndpoints(Pod primary, Lookup lookup);

    /** A custom resource built from apiVersion, kind, name, labels and spec. */
    static GenericKubernetesResource resource(
            String apiVersion, String kind, String name, Map<String, String> labels, Map<String, Object> spec) {
        var r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(labels)
                .build());
        r.setAdditionalProperty("spec", spec);
        return r;
    }
}
