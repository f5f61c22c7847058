package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code v4.channel.k8s.io} port-forward websocket to a pod port, opened through the fabric8 client's own
 * {@link HttpClient}, so authentication (token refresh included), TLS verification, proxy and retry settings are
 * fabric8's; only the data path is ours (docs/decisions/0016).
 *
 * <p>The protocol, as a kubelet speaks it: the server's first two messages carry the port on the data and the
 * error channel and are skipped by count; then every binary message starts with its channel byte, 0 = data,
 * 1 = error text. Data messages are handed to {@link InboundFrames} by reference and the next message is
 * requested right there on the event loop, unless the reader is a full buffer behind (then the reader asks).
 * Nothing here blocks the event loop, which the fabric8 client shares between all its connections. An empty
 * message, a text message or another channel is a protocol violation: closed with 1002. Closing sends 1001
 * "User closing", as fabric8's own forward does.
 */
final class PodPortForward implements ForwardLink, WebSocket.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(PodPortForward.class);

    static final String SUBPROTOCOL = "v4.channel.k8s.io";
    /** Received bytes held for a reader that is behind before the websocket is asked for no more. */
    static final int INBOUND_LIMIT = 1 << 20;

    private static final byte DATA = 0;
    private static final byte ERROR = 1;
    private static final int PORT_HEADERS = 2;
    /** A safety net only: fabric8 applies its connect timeout and bounded retries to the upgrade itself. */
    private static final long OPEN_WAIT_SECONDS = 120;

    private final InboundFrames inbound = new InboundFrames(INBOUND_LIMIT, this::requestNext);
    private final ForwardFailure failure = new ForwardFailure();
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean handshakeSettled = new AtomicBoolean();
    private volatile CompletableFuture<WebSocket> opened;
    private volatile WebSocket webSocket;
    private volatile String deliveringThread = "";
    private int messages; // only touched by the websocket's serial callbacks

    private PodPortForward() {}

    /** Opens {@code pod}'s container port in {@code namespace}: the upgrade runs asynchronously. */
    static PodPortForward open(ClusterAccess access, String namespace, ResolvedPod pod) throws IOException {
        var client = access.client();
        KubeNames.requireNamespace(namespace);
        if (!KubeNames.isSubdomain(pod.name())) {
            throw new IOException("pod name '" + ForwardFailure.shown(pod.name())
                    + "' is not a Kubernetes pod name: the API server returned an unusable pod");
        }
        if (pod.containerPort() < 1 || pod.containerPort() > 65535) {
            throw new IOException(
                    "container port " + pod.containerPort() + " of pod " + pod.name() + " is out of range 1..65535");
        }
        String base = client.getMasterUrl().toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/" + namespace + "/pods/"
                + pod.name() + "/portforward?ports=" + pod.containerPort());
        Integer timeout = client.getConfiguration().getRequestTimeout();
        return open(client.getHttpClient(), uri, timeout == null || timeout <= 0 ? 10_000 : timeout);
    }

    /** Opens a forward at {@code uri} (a pod's {@code …/portforward?ports=N}). */
    static PodPortForward open(HttpClient http, URI uri, long connectTimeoutMillis) {
        var forward = new PodPortForward();
        var future = http.newWebSocketBuilder()
                .uri(uri)
                .subprotocol(SUBPROTOCOL)
                .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .buildAsync(forward);
        forward.opened = future;
        future.whenComplete((ws, error) -> {
            if (error != null) {
                forward.handshakeFailed(unwrap(error));
            }
        });
        return forward;
    }

    // --- WebSocket.Listener: serial callbacks on the HTTP client's event loop; never block here -----------

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer message) {
        deliveringThread = Thread.currentThread().getName();
        if (++messages <= PORT_HEADERS) {
            ws.request(); // the port on the data and on the error channel: skipped by count, as kubectl does
            return;
        }
        if (!message.hasRemaining()) {
            violated(ws, "an empty message");
            return;
        }
        byte channel = message.get();
        if (channel == DATA) {
            if (inbound.add(message)) {
                ws.request();
            }
        } else if (channel == ERROR) {
            String text = StandardCharsets.UTF_8.decode(message).toString();
            failure.record(new ForwardFailure.Cause.ErrorChannel(ForwardFailure.shown(text)));
            LOG.debug("port-forward error channel: {}", ForwardFailure.shown(text));
            ended();
            ws.request(); // read on to the server's close
        } else {
            violated(ws, "a message on channel " + (channel & 0xff));
        }
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        violated(ws, "a text message; " + SUBPROTOCOL + " is binary");
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        failure.record(new ForwardFailure.Cause.RemoteClose(code, ForwardFailure.shown(reason)));
        ended();
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        if (alive.get()) {
            failure.record(new ForwardFailure.Cause.Transport(error));
        }
        ended();
    }

    private void violated(WebSocket ws, String what) {
        LOG.debug("port-forward protocol violation: {}", what);
        failure.record(new ForwardFailure.Cause.ProtocolViolation(what));
        ended();
        ws.sendClose(1002, "Protocol error");
    }

    private void handshakeFailed(Throwable error) {
        if (!handshakeSettled.compareAndSet(false, true)) {
            return;
        }
        if (error instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
            failure.record(
                    new ForwardFailure.Cause.Refused(handshake.getResponse().code()));
        } else {
            failure.record(new ForwardFailure.Cause.Transport(error));
        }
        ended();
    }

    private void ended() {
        alive.set(false);
        inbound.end();
    }

    private void requestNext() {
        var ws = webSocket;
        if (ws != null) {
            ws.request();
        }
    }

    // --- ForwardLink ----------------------------------------------------------------------------------

    @Override
    public InboundFrames inbound() {
        return inbound;
    }

    @Override
    public void send(ByteBuffer frame) throws IOException {
        var ws = awaitOpen();
        if (!alive.get() || closing.get() || !ws.send(frame)) {
            throw new ClosedChannelException();
        }
    }

    private WebSocket awaitOpen() throws IOException {
        var ws = webSocket;
        if (ws != null) {
            return ws;
        }
        try {
            return opened.get(OPEN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            handshakeFailed(unwrap(e.getCause())); // recorded once, whichever thread sees it first
            throw new ClosedChannelException();
        } catch (TimeoutException e) {
            failure.record(new ForwardFailure.Cause.Transport(
                    new IOException("the port-forward did not open within " + OPEN_WAIT_SECONDS + " s")));
            ended();
            throw new ClosedChannelException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while the port-forward was opening");
        }
    }

    @Override
    public long queuedForSending() {
        var ws = webSocket;
        return ws == null ? 0 : ws.queueSize();
    }

    @Override
    public boolean isAlive() {
        return alive.get();
    }

    @Override
    public boolean endedCleanly() {
        return !alive.get() && failure.endedCleanly();
    }

    @Override
    public String dropReason() {
        return failure.reason();
    }

    @Override
    public boolean refusedByApiServer() {
        return failure.refused();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        alive.set(false);
        opened.whenComplete((ws, error) -> {
            if (ws != null) {
                ws.sendClose(1001, "User closing");
            }
        });
    }

    /** What went wrong so far, first first (for tests and diagnostics). */
    java.util.List<ForwardFailure.Cause> causes() {
        return failure.causes();
    }

    /** The event-loop thread that delivered the last message (for tests: which forwards share a loop). */
    String deliveringThread() {
        return deliveringThread;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
