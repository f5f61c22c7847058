package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetUnavailableException;
import org.kfm.breakglass.text.TerminalText;

/**
 * Zalando postgres-operator ({@code acid.zalan.do/v1} {@code postgresql}). The master Service {@code <c>} has no
 * selector (Patroni writes its Endpoints, which the API server mirrors into EndpointSlices); {@code <c>-repl}
 * selects {@code spilo-role=replica}; port {@code postgresql}. Each manifest user has a Secret
 * {@code <user>.<c>.credentials.postgresql.acid.zalan.do} (the operator's default {@code secret_name_template},
 * {@code _} in the user name becomes {@code -}) with {@code username} and {@code password} only.
 *
 * <p>Which user: the policy's, else the single {@code <db>_reader_user} of a {@code preparedDatabases} entry with
 * {@code defaultUsers: true} (read-only by construction), else the single login role of {@code spec.users} that is
 * not a superuser. Anything else is ambiguous, and the console does not guess a database identity.
 */
record Zalando() implements Operator {

    private static final ResourceDefinitionContext POSTGRESQLS =
            Operator.resource("acid.zalan.do", "v1", "postgresql", "postgresqls");

    @Override
    public TargetRef.Kind kind() {
        return TargetRef.Kind.ZALANDO;
    }

    @Override
    public String title() {
        return "Zalando postgres-operator";
    }

    @Override
    public ResourceDefinitionContext resource() {
        return POSTGRESQLS;
    }

    @Override
    public String serviceName(String cluster, TargetRef.Role role) {
        return role == TargetRef.Role.REPLICA ? cluster + "-repl" : cluster;
    }

    @Override
    public List<String> serviceNames(String cluster) {
        return List.of(cluster, cluster + "-repl", cluster + "-config");
    }

    @Override
    public String portName() {
        return "postgresql";
    }

    @Override
    public SecretLayout secret(String cluster, Optional<Manifest> manifest, SecretConventions conventions) {
        var choice = conventions.zalandoUser().map(u -> new UserChoice(u, databaseOwnedBy(manifest, u)));
        if (choice.isEmpty()) {
            var readable = manifest.orElseThrow(() -> new TargetUnavailableException("Cannot read the "
                    + resourceName() + " manifest '" + cluster + "' to learn its users: grant 'get' on "
                    + resourceName() + ", or name the database user in the policy"));
            choice = Optional.of(chooseUser(readable));
        }
        String user = choice.get().user();
        if (user.contains(".")) {
            throw new TargetUnavailableException("User '" + TerminalText.escape(user) + "' of " + cluster
                    + " is a cross-namespace user (namespace.user): its Secret lives in another namespace, which "
                    + "the console does not read; name a user of the cluster's own namespace in the policy");
        }
        String secret = user.replace('_', '-') + "." + cluster + ".credentials.postgresql.acid.zalan.do";
        var layout = new SecretLayout(
                secret,
                List.of("username"),
                "password",
                Optional.empty(),
                choice.get().database());
        if (!layout.validName()) {
            throw new TargetUnavailableException("User '" + TerminalText.escape(user) + "' of " + cluster
                    + " gives Secret name '" + TerminalText.escape(secret) + "', which no Secret can have: "
                    + "name another user in the policy");
        }
        return layout;
    }

    private record UserChoice(String user, Optional<String> database) {}

    private UserChoice chooseUser(Manifest manifest) {
        var readers = new ArrayList<String>();
        manifest.map("preparedDatabases").forEach((db, spec) -> {
            if (spec instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("defaultUsers"))) {
                readers.add(db);
            }
        });
        if (readers.size() == 1) {
            String db = readers.getFirst();
            return new UserChoice(db + "_reader_user", Optional.of(db));
        }
        var logins = new ArrayList<String>();
        manifest.map("users").forEach((user, flags) -> {
            var words = flags instanceof List<?> l
                    ? l.stream()
                            .map(f -> String.valueOf(f).toLowerCase(Locale.ROOT))
                            .toList()
                    : List.<String>of();
            if (!words.contains("superuser") && !words.contains("nologin") && !user.contains(".")) {
                logins.add(user);
            }
        });
        if (logins.size() == 1) {
            return new UserChoice(logins.getFirst(), databaseOwnedBy(Optional.of(manifest), logins.getFirst()));
        }
        throw new TargetUnavailableException("The " + resourceName() + " manifest '" + manifest.name() + "' "
                + (logins.isEmpty()
                        ? "defines no login user that is not a superuser"
                        : "defines several login users that are not superusers "
                                + TerminalText.escape(
                                        logins.stream().sorted().toList().toString()))
                + (readers.size() > 1 ? " and several prepared databases with default users " + readers : "")
                + ": name the database user the console should use in the policy (it does not guess)");
    }

    /** The one database of {@code spec.databases} (name → owner) the user owns, if exactly one. */
    private static Optional<String> databaseOwnedBy(Optional<Manifest> manifest, String user) {
        var owned = manifest.map(m -> m.map("databases").entrySet().stream()
                        .filter(e -> user.equals(e.getValue()))
                        .map(Map.Entry::getKey)
                        .toList())
                .orElse(List.of());
        return owned.size() == 1 ? Optional.of(owned.getFirst()) : Optional.empty();
    }

    @Override
    public String clusterLabel() {
        return "cluster-name";
    }

    @Override
    public PodRole role(Pod pod) {
        // Spilo labels the leader "master"; Patroni 4's own default is "primary".
        String role = Operator.labels(pod).get("spilo-role");
        if ("master".equals(role) || "primary".equals(role)) {
            return PodRole.PRIMARY;
        }
        return "replica".equals(role) ? PodRole.REPLICA : PodRole.UNKNOWN;
    }

    /** {@code cluster-name} alone is a common label; the operator's Services also carry {@code application=spilo}. */
    @Override
    public boolean owns(HasMetadata service) {
        var labels = Operator.labels(service);
        return labels.containsKey(clusterLabel()) && "spilo".equals(labels.get("application"));
    }
}
