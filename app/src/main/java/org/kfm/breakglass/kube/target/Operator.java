package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kfm.breakglass.kube.TargetRef;

/**
 * How one PostgreSQL operator names and labels what it creates for a cluster: its custom resource, the Service per
 * role, the Service port, the Secret of the application user, the pods and their role labels. Each name is taken
 * from the operator's own source and documentation; docs/decisions/0013 cites where.
 */
sealed interface Operator permits CloudNativePg, Zalando, Crunchy {

    /** Every operator the console knows, in the order discovery lists them. */
    static List<Operator> all() {
        return List.of(new CloudNativePg(), new Zalando(), new Crunchy());
    }

    static Operator of(TargetRef.Kind kind) {
        return all().stream()
                .filter(o -> o.kind() == kind)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kind + " is not an operator target"));
    }

    TargetRef.Kind kind();

    /** The operator's name as people say it, e.g. {@code CloudNativePG}. */
    String title();

    /** The custom resource, with its plural (fabric8 then needs no API discovery round trip). */
    ResourceDefinitionContext resource();

    /** {@code plural.group}, as kubectl and RBAC name it. */
    default String resourceName() {
        return resource().getPlural() + "." + resource().getGroup();
    }

    /** The Service that serves {@code role} (PRIMARY or REPLICA). */
    String serviceName(String cluster, TargetRef.Role role);

    /** Every Service the operator creates for a cluster (discovery lists the cluster, not each of them). */
    List<String> serviceNames(String cluster);

    /** The name of the PostgreSQL port on the operator's Services. */
    String portName();

    /**
     * Where the credentials of the cluster are. {@code manifest} is empty when RBAC forbids reading the custom
     * resource; then the conventions must decide, or this throws a {@code TargetUnavailableException} saying what
     * to grant or configure.
     */
    SecretLayout secret(String cluster, Optional<Manifest> manifest, SecretConventions conventions);

    /** Whether {@code pod} is a PostgreSQL instance of {@code cluster} (not a pooler, backup or job pod). */
    default boolean isInstance(Pod pod, String cluster) {
        return cluster.equals(labels(pod).get(clusterLabel())) && role(pod) != PodRole.UNKNOWN;
    }

    /** The label naming the cluster on the operator's pods and Services. */
    String clusterLabel();

    /** The role the operator's labels give the pod. */
    PodRole role(Pod pod);

    /** Whether a Service belongs to some cluster of this operator (by the operator's labels). */
    default boolean owns(HasMetadata service) {
        return labels(service).containsKey(clusterLabel());
    }

    static Map<String, String> labels(HasMetadata object) {
        var labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static ResourceDefinitionContext resource(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}
