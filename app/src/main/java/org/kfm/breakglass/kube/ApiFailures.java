package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns fabric8 API errors into {@link KubeAccessException}s that say what failed and what to do. The server's
 * own message is left out for auth failures: it can echo request details.
 */
final class ApiFailures {

    private ApiFailures() {}

    static KubeAccessException translate(String action, KubernetesClientException e) {
        int code = e.getCode();
        String what = "Could not " + action + ": ";
        if (code == 401) {
            return new KubeAccessException(
                    what + "the API server rejected your credentials (401): " + "refresh your login / kubeconfig token",
                    e);
        }
        if (code == 403) {
            return new KubeAccessException(
                    what + "access denied (403): your Kubernetes user lacks the RBAC "
                            + "permission; ask the cluster admin for the break-glass role",
                    e);
        }
        if (code == 404) {
            return new KubeAccessException(what + "not found (404): check the context, namespace and name", e);
        }
        if (code >= 500) {
            return new KubeAccessException(
                    what + "the API server failed (" + code + "): it may be overloaded "
                            + "or restarting; try again shortly",
                    e);
        }
        if (code == 0 || code == -1) {
            return new KubeAccessException(
                    what + "the API server could not be reached (" + rootMessage(e)
                            + "): check the network/VPN and the server URL in the kubeconfig",
                    e);
        }
        String detail = e.getStatus() == null ? "" : ": " + e.getStatus().getMessage();
        return new KubeAccessException(what + "the API server answered " + code + detail, e);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
