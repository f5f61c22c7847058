package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The objects posture rules judge, whether they came from rendered manifests
 * ({@link ManifestPostureSource}) or from a live namespace ({@link LivePostureSource}).
 *
 * @param origin          where the objects came from; some rules read it (Secrets are expected live)
 * @param services        every Service
 * @param workloads       every pod template and live Pod
 * @param networkPolicies every NetworkPolicy
 * @param secrets         every Secret
 * @param claims          every PVC and volumeClaimTemplate
 * @param externalSecrets every external-secrets.io ExternalSecret (references, not values)
 * @param configMaps      every ConfigMap (the init SQL ships in one)
 */
public record PostureInput(
        Origin origin,
        List<Service> services,
        List<Workload> workloads,
        List<NetworkPolicy> networkPolicies,
        List<Secret> secrets,
        List<StorageClaim> claims,
        List<GenericKubernetesResource> externalSecrets,
        List<ConfigMap> configMaps) {

    /** The pod label that marks PostGIS pods in the seed's deployment. */
    public static final String POSTGIS_LABEL_KEY = "app.kubernetes.io/name";

    /** Its value. */
    public static final String POSTGIS_LABEL_VALUE = "postgis";

    /** The name of the PostGIS container port that Service targetPort and the console resolve. */
    public static final String POSTGIS_PORT_NAME = "postgres";

    /** Where the objects came from. */
    public enum Origin {
        MANIFESTS,
        LIVE
    }

    public PostureInput {
        Objects.requireNonNull(origin, "origin");
        services = List.copyOf(services);
        workloads = List.copyOf(workloads);
        networkPolicies = List.copyOf(networkPolicies);
        secrets = List.copyOf(secrets);
        claims = List.copyOf(claims);
        externalSecrets = List.copyOf(externalSecrets);
        configMaps = List.copyOf(configMaps);
    }

    /** Workloads whose pods carry {@code app.kubernetes.io/name: postgis}. */
    public List<Workload> postgisWorkloads() {
        return workloads.stream().filter(w -> isPostgisPod(w.podLabels())).toList();
    }

    /** Services that route to PostGIS pods: by selector, or by the seed's name {@code postgis}. */
    public List<Service> postgisServices() {
        var pods = postgisWorkloads();
        return services.stream()
                .filter(s -> "postgis".equals(s.getMetadata().getName()) || selectsAny(s, pods))
                .toList();
    }

    static boolean isPostgisPod(Map<String, String> labels) {
        return POSTGIS_LABEL_VALUE.equals(labels.get(POSTGIS_LABEL_KEY));
    }

    private static boolean selectsAny(Service service, List<Workload> pods) {
        var selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        return pods.stream().anyMatch(p -> p.podLabels().entrySet().containsAll(selector.entrySet()));
    }
}
