package org.kfm.breakglass.kube;

import java.util.Objects;

/**
 * One context of the operator's kubeconfig, as offered in the context picker.
 *
 * @param name                      the context name
 * @param cluster                   the cluster entry the context points at
 * @param serverUrl                 the API server URL of that cluster (empty when the cluster entry is missing)
 * @param namespace                 the context's default namespace ({@code default} when it sets none)
 * @param user                      the user (auth info) entry name
 * @param tlsVerificationDisabled   whether the cluster entry says {@code insecure-skip-tls-verify: true}
 * @param current                   whether this is the kubeconfig's current context
 */
public record KubeContext(
        String name,
        String cluster,
        String serverUrl,
        String namespace,
        String user,
        boolean tlsVerificationDisabled,
        boolean current) {

    public KubeContext {
        Objects.requireNonNull(name, "name");
        cluster = cluster == null ? "" : cluster;
        serverUrl = serverUrl == null ? "" : serverUrl;
        namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
        user = user == null ? "" : user;
    }
}
