package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.client.PortForward;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Reads why a fabric8 port-forward ended. fabric8 only logs at DEBUG and accumulates throwables; a refused
 * websocket handshake (401/403/404) shows up as a message-less {@link WebSocketHandshakeException}, so the
 * HTTP status is turned into words here.
 */
final class ForwardFailure {

    private ForwardFailure() {}

    static String reason(PortForward forward) {
        var errors = new ArrayList<Throwable>(forward.getServerThrowables());
        errors.addAll(forward.getClientThrowables());
        if (errors.isEmpty()) {
            return "the remote end closed the connection";
        }
        var refusal = handshakeStatus(forward);
        if (refusal.isPresent()) {
            return switch (refusal.get()) {
                case 401 ->
                    "the API server rejected your credentials for the port-forward (401): "
                            + "refresh your login / kubeconfig token";
                case 403 ->
                    "the API server refused the port-forward (403): your Kubernetes user lacks "
                            + "'create pods/portforward' in the namespace";
                case 404 -> "the pod no longer exists (404)";
                default -> "the API server refused the port-forward (" + refusal.get() + ")";
            };
        }
        var first = errors.getFirst();
        return first.getClass().getSimpleName() + (first.getMessage() == null ? "" : ": " + first.getMessage());
    }

    /** Whether the handshake was refused for authentication or authorization. */
    static boolean refused(PortForward forward) {
        return handshakeStatus(forward)
                .filter(code -> code == 401 || code == 403)
                .isPresent();
    }

    private static Optional<Integer> handshakeStatus(PortForward forward) {
        for (var error : forward.getServerThrowables()) {
            if (error instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
                return Optional.of(handshake.getResponse().code());
            }
        }
        return Optional.empty();
    }
}
