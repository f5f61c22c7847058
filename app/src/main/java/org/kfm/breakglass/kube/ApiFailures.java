package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.kfm.breakglass.text.TerminalText;

/**
 * Turns fabric8 API errors into {@link KubeAccessException}s that say what failed and what to do. The server's
 * own message is left out for auth failures: it can echo request details. A request that never got an answer
 * (DNS, no route, refused, an untrusted or mismatched certificate, a timeout) and a failing server (5xx) are
 * {@linkplain KubeAccessException#connectionFailed() connection failures}; 401 and 403 are refusals.
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
            return KubeAccessException.connectionFailure(
                    what + "the API server failed (" + code + "): it may be overloaded "
                            + "or restarting; try again shortly",
                    e);
        }
        if (code <= 0) {
            return unanswered(what, e);
        }
        String detail = e.getStatus() == null
                ? ""
                : ": " + TerminalText.escape(e.getStatus().getMessage());
        return new KubeAccessException(what + "the API server answered " + code + detail, e);
    }

    /** No HTTP answer at all: say which of the usual reasons it was, from the cause chain. */
    private static KubeAccessException unanswered(String what, Throwable e) {
        String root = rootMessage(e);
        if (has(e, SSLException.class) || has(e, GeneralSecurityException.class)) {
            return KubeAccessException.connectionFailure(
                    what + "the API server's TLS certificate is not trusted or does not match its address ("
                            + root + "): check the cluster's certificate-authority-data and server URL in the "
                            + "kubeconfig (ask the cluster admin for the current CA); never switch verification off",
                    e);
        }
        if (has(e, UnknownHostException.class)) {
            return KubeAccessException.connectionFailure(
                    what + "the API server's host name does not resolve (" + root
                            + "): check the server URL in the kubeconfig and your DNS/VPN",
                    e);
        }
        if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
            return KubeAccessException.connectionFailure(
                    what + "the API server refused the connection or has no route (" + root
                            + "): check the network/VPN and the server URL in the kubeconfig",
                    e);
        }
        if (has(e, SocketTimeoutException.class) || has(e, TimeoutException.class)) {
            return KubeAccessException.connectionFailure(
                    what + "the API server did not answer in time (" + root
                            + "): check the network/VPN and the server URL in the kubeconfig",
                    e);
        }
        return KubeAccessException.connectionFailure(
                what + "the API server could not be reached (" + root
                        + "): check the network/VPN and the server URL in the kubeconfig",
                e);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + TerminalText.escape(root.getMessage()));
    }
}
