package org.kfm.breakglass.kube;

/**
 * Something between the console and the Kubernetes API failed: the kubeconfig, the credentials, RBAC or the
 * API server itself. The message always says what failed and what the operator can do; it never carries a
 * token, password or Secret value.
 */
public class KubeAccessException extends RuntimeException {

    public KubeAccessException(String message) {
        super(message);
    }

    public KubeAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
