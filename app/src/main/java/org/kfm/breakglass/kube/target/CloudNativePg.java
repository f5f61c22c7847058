package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.kfm.breakglass.kube.TargetRef;

/**
 * CloudNativePG ({@code postgresql.cnpg.io/v1} {@code Cluster}). Services {@code <c>-rw} (selector
 * {@code cnpg.io/cluster=<c>, cnpg.io/instanceRole=primary}), {@code <c>-ro} ({@code …=replica}), {@code <c>-r},
 * port {@code postgres}; the application Secret {@code <c>-app} unless the bootstrap names another
 * ({@code spec.bootstrap.{initdb,recovery,pg_basebackup}.secret.name}), with {@code username}, {@code user} (1.21+),
 * {@code password}, {@code dbname} (1.21+); the database defaults to {@code app}. Pods carry
 * {@code cnpg.io/instanceRole} (1.24+) and the deprecated {@code role}.
 */
record CloudNativePg() implements Operator {

    private static final ResourceDefinitionContext CLUSTERS =
            Operator.resource("postgresql.cnpg.io", "v1", "Cluster", "clusters");
    private static final List<String> BOOTSTRAPS = List.of("recovery", "pg_basebackup", "initdb");

    @Override
    public TargetRef.Kind kind() {
        return TargetRef.Kind.CLOUDNATIVE_PG;
    }

    @Override
    public String title() {
        return "CloudNativePG";
    }

    @Override
    public ResourceDefinitionContext resource() {
        return CLUSTERS;
    }

    @Override
    public String serviceName(String cluster, TargetRef.Role role) {
        return cluster + (role == TargetRef.Role.REPLICA ? "-ro" : "-rw");
    }

    @Override
    public List<String> serviceNames(String cluster) {
        return Stream.of("-rw", "-ro", "-r", "-any").map(s -> cluster + s).toList();
    }

    @Override
    public String portName() {
        return "postgres";
    }

    @Override
    public SecretLayout secret(String cluster, Optional<Manifest> manifest, SecretConventions conventions) {
        // The operator's GetApplicationSecretName / GetApplicationDatabaseName, in their order.
        String secret = manifest.flatMap(m -> BOOTSTRAPS.stream()
                        .map(b -> m.text("bootstrap", b, "secret", "name"))
                        .flatMap(Optional::stream)
                        .findFirst())
                .orElse(cluster + "-app");
        String database = manifest.flatMap(m -> BOOTSTRAPS.stream()
                        .map(b -> m.text("bootstrap", b, "database"))
                        .flatMap(Optional::stream)
                        .findFirst())
                .orElse("app");
        return new SecretLayout(
                secret, List.of("username", "user"), "password", Optional.of("dbname"), Optional.of(database));
    }

    @Override
    public String clusterLabel() {
        return "cnpg.io/cluster";
    }

    @Override
    public PodRole role(Pod pod) {
        var labels = Operator.labels(pod);
        String role = labels.getOrDefault("cnpg.io/instanceRole", labels.get("role"));
        if ("primary".equals(role)) {
            return PodRole.PRIMARY;
        }
        return "replica".equals(role) ? PodRole.REPLICA : PodRole.UNKNOWN;
    }
}
