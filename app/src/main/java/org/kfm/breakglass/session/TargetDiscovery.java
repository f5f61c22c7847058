package org.kfm.breakglass.session;

import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.target.DiscoveredTarget;
import org.kfm.breakglass.kube.target.TargetCatalog;

/**
 * Read-only discovery for the operator before a session: every PostgreSQL target of a namespace through
 * {@link TargetCatalog} (the same resolution {@code --target} uses, with the policy's choice of users), as the
 * session's own records. It reads object names and labels only — never a Secret's contents — and so is not a
 * privileged action and is not journaled, like listing the kubeconfig's contexts.
 */
final class TargetDiscovery {
    private TargetDiscovery() {}

    static TargetListing list(ClusterAccess access, Policy policy, String namespace) {
        var discovery = new TargetCatalog(access, policy.targets().conventions()).discover(namespace);
        return new TargetListing(
                access.contextName(),
                discovery.namespace(),
                discovery.targets().stream().map(TargetDiscovery::listed).toList(),
                discovery.warnings());
    }

    private static ListedTarget listed(DiscoveredTarget found) {
        return new ListedTarget(
                kindName(found.kind()),
                found.target().toString(),
                found.primaryPod(),
                found.readyReplicas(),
                found.secret(),
                found.problem());
    }

    private static String kindName(TargetRef.Kind kind) {
        return switch (kind) {
            case SERVICE -> "Service";
            case POD -> "Pod";
            case CLOUDNATIVE_PG -> "CloudNativePG";
            case ZALANDO -> "Zalando";
            case CRUNCHY -> "Crunchy PGO";
        };
    }
}
