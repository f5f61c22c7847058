package org.kfm.breakglass.kube;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.kfm.breakglass.text.TerminalText;

/**
 * Why one port-forward ended, as its websocket reported it, put into words for the operator: a refused handshake
 * (401/403/404 turned into what to do), the pod's message on the error channel, a protocol violation, a transport
 * error, or the close code and reason the API server sent. The first thing that went wrong is the reason; a
 * refusal always wins, because it decides whether reconnecting can help.
 *
 * <p>Everything the server sent is shown escaped ({@link TerminalText}, and line feeds and tabs too, so it stays
 * one line) and cut to {@value #MAX_TEXT} characters: it reaches the terminal, the GUI and the audit journal.
 */
final class ForwardFailure {

    static final int MAX_TEXT = 500;

    /** What went wrong, in the order it was seen. */
    sealed interface Cause {
        /** The API server answered the websocket upgrade with this HTTP status. */
        record Refused(int status) implements Cause {}

        /** The pod (kubelet) reported an error on channel 1, e.g. nothing listens on the port. */
        record ErrorChannel(String message) implements Cause {}

        /** The server broke the v4.channel.k8s.io protocol; the console closed with 1002. */
        record ProtocolViolation(String what) implements Cause {}

        /** The connection failed underneath (TLS, reset, timeout). */
        record Transport(Throwable error) implements Cause {}

        /** The server closed the websocket. */
        record RemoteClose(int code, String reason) implements Cause {}
    }

    private final List<Cause> causes = new CopyOnWriteArrayList<>();

    void record(Cause cause) {
        causes.add(cause);
    }

    /** Everything recorded, first first. */
    List<Cause> causes() {
        return List.copyOf(causes);
    }

    /** Why the forward ended, in words; a generic reason when nothing was recorded. */
    String reason() {
        var refused = refusal();
        if (refused.isPresent()) {
            return switch (refused.get()) {
                case 401 ->
                    "the API server rejected your credentials for the port-forward (401): "
                            + "refresh your login / kubeconfig token";
                case 403 ->
                    "the API server refused the port-forward (403): your Kubernetes user lacks "
                            + "'create pods/portforward' in the namespace";
                case 404 -> "the pod no longer exists (404)";
                default -> "the API server refused the port-forward (" + refused.get() + ")";
            };
        }
        if (causes.isEmpty()) {
            return "the remote end closed the connection";
        }
        return switch (causes.getFirst()) {
            case Cause.Refused r -> "the API server refused the port-forward (" + r.status() + ")";
            case Cause.ErrorChannel e -> "the pod reported on the port-forward's error channel: " + e.message();
            case Cause.ProtocolViolation p ->
                "the API server broke the port-forward protocol (" + p.what()
                        + "); the console closed the stream (1002)";
            case Cause.Transport t -> describe(t.error());
            case Cause.RemoteClose c ->
                "the remote end closed the connection (websocket close " + c.code()
                        + (c.reason() == null || c.reason().isEmpty() ? "" : ": " + c.reason()) + ")";
        };
    }

    /**
     * Whether the forward ended the way a TCP connection ends with a FIN: the server's only word was a normal
     * close (1000), which a kubelet sends once the pod's side of the connection has closed (PostgreSQL after a
     * cancel request or a terminated backend). Not a drop: the tunnel is fine, only that connection is over.
     */
    boolean endedCleanly() {
        return causes.size() == 1 && causes.getFirst() instanceof Cause.RemoteClose close && close.code() == 1000;
    }

    /** Whether the handshake was refused for authentication or authorization (reconnecting cannot help). */
    boolean refused() {
        return refusal().filter(code -> code == 401 || code == 403).isPresent();
    }

    private Optional<Integer> refusal() {
        return causes.stream()
                .filter(Cause.Refused.class::isInstance)
                .map(c -> ((Cause.Refused) c).status())
                .findFirst();
    }

    /** Server-sent text as it may be shown: escaped and bounded. */
    static String shown(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
        return TerminalText.escape(cut).replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + shown(error.getMessage()));
    }
}
