package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session summary's webhook against a real HTTP server on loopback: spooled, retried, posted once. */
class SummaryWebhookTest {
    private static final WebhookSink.Options FAST =
            new WebhookSink.Options(1, Duration.ofMillis(100), Duration.ofSeconds(2), 2, Duration.ofMillis(10));

    @TempDir
    Path spool;

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                received.add(new String(body, StandardCharsets.UTF_8) + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void aSummaryIsPostedOnceAsJson() throws IOException {
        try (var hook = new SummaryWebhook(uri(), spool, FAST)) {
            hook.post("{\"text\":\"session a\"}");
            assertThat(hook.spooled()).isZero();
        }
        try (var hook = new SummaryWebhook(uri(), spool, FAST)) {
            hook.post("{\"text\":\"session b\"}");
        }

        assertThat(received)
                .containsExactly(
                        "{\"text\":\"session a\"} application/json", "{\"text\":\"session b\"} application/json");
    }

    @Test
    void aSummaryTheEndpointRefusedIsKeptAndSentFirstWithTheNextOne() throws IOException {
        failing = true;
        try (var hook = new SummaryWebhook(uri(), spool, FAST)) {
            assertThatThrownBy(() -> hook.post("{\"text\":\"session a\"}"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 503 after 2 attempt(s); 1 summary(ies) kept in");
        }
        assertThat(received).isEmpty();

        failing = false;
        try (var hook = new SummaryWebhook(uri(), spool, FAST)) {
            assertThat(hook.spooled()).isEqualTo(1);
            hook.post("{\"text\":\"session b\"}");
            assertThat(hook.spooled()).isZero();
        }

        assertThat(received)
                .containsExactly(
                        "{\"text\":\"session a\"} application/json", "{\"text\":\"session b\"} application/json");
    }
}
