package org.kfm.breakglass.kube;

/**
 * Something between the console and the Kubernetes API failed: the kubeconfig, the credentials, RBAC or the
 * API server itself. The message always says what failed and what the operator can do; it never carries a
 * token, password or Secret value. {@link #connectionFailed()} tells "could not get through" (no route, refused,
 * untrusted certificate, server error) from "got through and was told no" (401, 403, not found, bad input).
 */
public class KubeAccessException extends RuntimeException {
    private final boolean connectionFailed;

    public KubeAccessException(String message) {
        this(message, null, false);
    }

    public KubeAccessException(String message, Throwable cause) {
        this(message, cause, false);
    }

    KubeAccessException(String message, Throwable cause, boolean connectionFailed) {
        super(message, cause);
        this.connectionFailed = connectionFailed;
    }

    /** A failure to reach the API server (network, DNS, refused, TLS trust, a failing server), not a refusal. */
    static KubeAccessException connectionFailure(String message, Throwable cause) {
        return new KubeAccessException(message, cause, true);
    }

    /** Whether the API server could not be reached or trusted, rather than refusing the request. */
    public boolean connectionFailed() {
        return connectionFailed;
    }
}
