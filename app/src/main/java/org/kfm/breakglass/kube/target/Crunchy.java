package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetUnavailableException;
import org.kfm.breakglass.text.TerminalText;

/**
 * Crunchy PGO v5/v6 ({@code postgres-operator.crunchydata.com/v1beta1} {@code PostgresCluster}; v6 also serves
 * {@code v1}, v1beta1 stays served and is the storage version). {@code <c>-primary} is headless, without a selector,
 * and its Endpoints hold the ClusterIP of the Patroni leader Service {@code <c>-ha} (whose Endpoints Patroni
 * writes); {@code <c>-replicas} selects {@code …/role=replica}; port {@code postgres}. Each user has a Secret
 * {@code <c>-pguser-<user>} with {@code user}, {@code password} and, when the user has databases, {@code dbname}
 * (the first of them). Without {@code spec.users} the operator creates one user and database named like the
 * cluster. Pods carry {@code postgres-operator.crunchydata.com/role}: {@code master} on the leader (Patroni's
 * label, kept for Patroni 4 by PGO), {@code replica} otherwise.
 */
record Crunchy() implements Operator {

    private static final String PREFIX = "postgres-operator.crunchydata.com/";
    private static final ResourceDefinitionContext POSTGRES_CLUSTERS =
            Operator.resource("postgres-operator.crunchydata.com", "v1beta1", "PostgresCluster", "postgresclusters");

    @Override
    public TargetRef.Kind kind() {
        return TargetRef.Kind.CRUNCHY;
    }

    @Override
    public String title() {
        return "Crunchy PGO";
    }

    @Override
    public ResourceDefinitionContext resource() {
        return POSTGRES_CLUSTERS;
    }

    @Override
    public String serviceName(String cluster, TargetRef.Role role) {
        return cluster + (role == TargetRef.Role.REPLICA ? "-replicas" : "-primary");
    }

    @Override
    public List<String> serviceNames(String cluster) {
        return Stream.of("-primary", "-replicas", "-ha", "-ha-config", "-pods", "-pgbouncer")
                .map(s -> cluster + s)
                .toList();
    }

    @Override
    public String portName() {
        return "postgres";
    }

    @Override
    public SecretLayout secret(String cluster, Optional<Manifest> manifest, SecretConventions conventions) {
        var policyUser = conventions.crunchyUser();
        String user;
        Optional<String> database;
        if (policyUser.isPresent()) {
            user = policyUser.get();
            database = manifest.flatMap(m -> firstDatabase(m, user));
        } else {
            var readable = manifest.orElseThrow(() -> new TargetUnavailableException("Cannot read the "
                    + resourceName() + " manifest '" + cluster + "' to learn its users: grant 'get' on "
                    + resourceName() + ", or name the database user in the policy"));
            if (!readable.has("users")) {
                // PGO's default when spec.users is absent: a user and a database named like the cluster.
                user = cluster;
                database = Optional.of(cluster);
            } else {
                user = chooseUser(readable);
                database = firstDatabase(readable, user);
            }
        }
        var layout = new SecretLayout(
                cluster + "-pguser-" + user, List.of("user"), "password", Optional.of("dbname"), database);
        if (!layout.validName()) {
            throw new TargetUnavailableException("User '" + TerminalText.escape(user) + "' of " + cluster
                    + " gives Secret name '" + TerminalText.escape(layout.secretName())
                    + "', which no Secret can have: name another user in the policy");
        }
        return layout;
    }

    private String chooseUser(Manifest manifest) {
        var candidates = new ArrayList<String>();
        for (Object entry : manifest.list("users")) {
            if (entry instanceof Map<?, ?> user && user.get("name") instanceof String name) {
                String options = String.valueOf(user.get("options")).toUpperCase(Locale.ROOT);
                if (!"postgres".equals(name) && !options.contains("SUPERUSER") && !options.contains("NOLOGIN")) {
                    candidates.add(name);
                }
            }
        }
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        throw new TargetUnavailableException("The " + resourceName() + " manifest '" + manifest.name() + "' "
                + (candidates.isEmpty()
                        ? "defines no login user that is not a superuser"
                        : "defines several login users that are not superusers "
                                + TerminalText.escape(candidates.toString()))
                + ": name the database user the console should use in the policy (it does not guess)");
    }

    private static Optional<String> firstDatabase(Manifest manifest, String user) {
        for (Object entry : manifest.list("users")) {
            if (entry instanceof Map<?, ?> spec
                    && user.equals(spec.get("name"))
                    && spec.get("databases") instanceof List<?> dbs
                    && !dbs.isEmpty()) {
                return Optional.of(String.valueOf(dbs.getFirst()));
            }
        }
        return Optional.empty();
    }

    @Override
    public String clusterLabel() {
        return PREFIX + "cluster";
    }

    @Override
    public PodRole role(Pod pod) {
        String role = Operator.labels(pod).get(PREFIX + "role");
        if ("master".equals(role) || "primary".equals(role)) {
            return PodRole.PRIMARY;
        }
        return "replica".equals(role) ? PodRole.REPLICA : PodRole.UNKNOWN;
    }
}
