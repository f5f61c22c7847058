package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Test-only: fabric8's mock API server over TLS whose pod port-forward plays a script instead of bridging to a
 * database: the hostile or broken server a client must survive (wrong channels, text messages, control characters
 * on the error channel, close codes). It records what the client sent and the close codes it used.
 */
final class ScriptedPortForwardServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final List<byte[]> fromClient = new CopyOnWriteArrayList<>();
    private final List<Integer> closeCodesFromClient = new CopyOnWriteArrayList<>();
    private volatile Consumer<WebSocket> script = ws -> {};

    ScriptedPortForwardServer() {
        var dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getPath().contains("/portforward")) {
                    return new MockResponse().withWebSocketUpgrade(new Listener());
                }
                return new MockResponse().setResponseCode(404);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, true);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    /** What the server does once the websocket is open (on its event loop: send and close, never block). */
    void play(Consumer<WebSocket> script) {
        this.script = script;
    }

    /** A client for the server (TLS trusted for the mock's certificate). */
    KubernetesClient client() {
        return server.createClient();
    }

    /** The port-forward URL of pod {@code pod} in {@code kfm-stage}. */
    URI portForwardUri(KubernetesClient client, String pod, int port) {
        return URI.create(
                client.getMasterUrl() + "api/v1/namespaces/kfm-stage/pods/" + pod + "/portforward?ports=" + port);
    }

    List<byte[]> fromClient() {
        return List.copyOf(fromClient);
    }

    List<Integer> closeCodesFromClient() {
        return List.copyOf(closeCodesFromClient);
    }

    /** The two port headers a kubelet sends first: the port on the data and on the error channel. */
    static void sendPortHeaders(WebSocket ws, int port) {
        ws.send(new byte[] {0, (byte) (port & 0xff), (byte) (port >> 8)});
        ws.send(new byte[] {1, (byte) (port & 0xff), (byte) (port >> 8)});
    }

    /** {@code channel} followed by {@code payload}. */
    static byte[] frame(int channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }

    @Override
    public void close() {
        server.destroy();
    }

    private final class Listener extends WebSocketListener {
        @Override
        public void onOpen(WebSocket ws, Response response) {
            script.accept(ws);
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            fromClient.add(bytes);
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            closeCodesFromClient.add(code);
            ws.close(code, reason);
        }
    }
}
