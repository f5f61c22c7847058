package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.WebSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code v4.channel.k8s.io} client against a scripted server (fabric8's mock API server over TLS): what a
 * broken or hostile API server or kubelet sends, and what the operator is then told.
 */
class PortForwardProtocolTest {

    private static final ResolvedPod POD = new ResolvedPod("postgis-0", "uid-1", 5432, "postgres");

    static ScriptedPortForwardServer server;
    static KubernetesClient client;
    private final List<ForwardedSocket> sockets = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        server = new ScriptedPortForwardServer();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(ForwardedSocket::close);
    }

    private ForwardedSocket open(Consumer<WebSocket> script) throws IOException {
        server.play(script);
        var uri = server.portForwardUri(client, POD.name(), POD.containerPort());
        var socket = new ForwardedSocket(
                "kfm-stage/postgis-0:5432",
                POD,
                () -> PodPortForward.open(client.getHttpClient(), uri, 10_000),
                s -> {});
        sockets.add(socket);
        socket.setSoTimeout(20_000);
        return socket;
    }

    @Test
    void thePortHeadersAreSkippedByCountAndDataArrivesAsSent() throws Exception {
        var socket = open(ws -> {
            ScriptedPortForwardServer.sendPortHeaders(ws, 5432);
            ws.send(ScriptedPortForwardServer.frame(0, "hello".getBytes(StandardCharsets.US_ASCII)));
            ws.send(ScriptedPortForwardServer.frame(0, new byte[0])); // an empty data frame carries nothing
            ws.send(ScriptedPortForwardServer.frame(0, " world".getBytes(StandardCharsets.US_ASCII)));
            ws.close(1000, "");
        });
        byte[] got = new byte[11];

        new DataInputStream(socket.getInputStream()).readFully(got);

        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(socket.getInputStream().read())
                .as("a normal close (the pod's side ended the connection) is end of stream, like a TCP FIN")
                .isEqualTo(-1);
        assertThat(socket.forwardAlive()).isFalse();
        assertThat(socket.forwardDropped())
                .as("a normal close is not a tunnel drop")
                .isFalse();
    }

    @Test
    void theErrorChannelTextIsShownEscapedAndCutNeverRaw() throws Exception {
        String hostile =
                "error forwarding port 5432: \u001b]0;owned\u0007\u001b[2J connection refused\r\n" + "x".repeat(5000);
        var socket = open(ws -> {
            ScriptedPortForwardServer.sendPortHeaders(ws, 5432);
            ws.send(ScriptedPortForwardServer.frame(1, hostile.getBytes(StandardCharsets.UTF_8)));
        });

        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("the pod reported on the port-forward's error channel: error forwarding port 5432")
                        .contains("\\u001b]0;owned\\u0007\\u001b[2J connection refused\\r\\n")
                        .doesNotContain("\u001b", "\u0007", "\r", "\n")
                        .hasSizeLessThan(ForwardFailure.MAX_TEXT * 2));
        assertThat(socket.forwardAlive()).isFalse();
    }

    static Stream<Arguments> protocolViolations() {
        return Stream.of(
                Arguments.of("a message on channel 2", (Consumer<WebSocket>)
                        ws -> ws.send(ScriptedPortForwardServer.frame(2, new byte[] {1}))),
                Arguments.of("a message on channel 255", (Consumer<WebSocket>)
                        ws -> ws.send(ScriptedPortForwardServer.frame(255, new byte[] {1}))),
                Arguments.of("an empty message", (Consumer<WebSocket>) ws -> ws.send(new byte[0])),
                Arguments.of("a text message; v4.channel.k8s.io is binary", (Consumer<WebSocket>)
                        ws -> ws.send("\u0000SELECT 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolViolations")
    void aProtocolViolationClosesWith1002AndSaysWhatTheServerSent(String what, Consumer<WebSocket> violation)
            throws Exception {
        int before = server.closeCodesFromClient().size();
        var socket = open(ws -> {
            ScriptedPortForwardServer.sendPortHeaders(ws, 5432);
            violation.accept(ws);
        });

        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the API server broke the port-forward protocol (" + what + ")")
                .hasMessageContaining("closed the stream (1002)");
        assertThat(awaitCloseCodes(before + 1).subList(before, before + 1)).containsExactly(1002);
    }

    @Test
    void aServerCloseIsReportedWithItsCodeAndReasonEscaped() throws Exception {
        var socket = open(ws -> {
            ScriptedPortForwardServer.sendPortHeaders(ws, 5432);
            ws.close(4001, "kubelet \u001b[31mgone");
        });

        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("dropped: the remote end closed the connection "
                        + "(websocket close 4001: kubelet \\u001b[31mgone)");
        assertThat(socket.forwardDropped()).isTrue();
    }

    @Test
    void aNormalCloseAfterTheErrorChannelIsStillADrop() throws Exception {
        var socket = open(ws -> {
            ScriptedPortForwardServer.sendPortHeaders(ws, 5432);
            ws.send(ScriptedPortForwardServer.frame(1, "lost connection to pod".getBytes(StandardCharsets.UTF_8)));
            ws.close(1000, "");
        });

        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith(
                        "dropped: the pod reported on the port-forward's error channel: " + "lost connection to pod");
        assertThat(socket.forwardDropped()).isTrue();
    }

    @Test
    void writesBeforeTheWebsocketIsOpenWaitForItAndReachTheServerFramed() throws Exception {
        int before = server.fromClient().size();
        var socket = open(ws -> ScriptedPortForwardServer.sendPortHeaders(ws, 5432));
        var out = socket.getOutputStream();

        out.write("startup".getBytes(StandardCharsets.US_ASCII));
        out.flush();

        for (int i = 0; i < 200 && server.fromClient().size() == before; i++) {
            Thread.sleep(25);
        }
        assertThat(server.fromClient().subList(before, server.fromClient().size()))
                .singleElement()
                .isEqualTo(ScriptedPortForwardServer.frame(0, "startup".getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<Integer> awaitCloseCodes(int count) throws InterruptedException {
        for (int i = 0; i < 200 && server.closeCodesFromClient().size() < count; i++) {
            Thread.sleep(25);
        }
        var codes = server.closeCodesFromClient();
        assertThat(codes).as("close codes the server received").hasSizeGreaterThanOrEqualTo(count);
        return codes;
    }
}
