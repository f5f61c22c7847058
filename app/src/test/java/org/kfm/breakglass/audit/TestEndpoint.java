package org.kfm.breakglass.audit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on loopback that takes webhook batches, or answers 503 while told to fail. */
final class TestEndpoint implements AutoCloseable {

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    private final HttpServer server;

    TestEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/audit", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            bodies.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            var batch = CanonicalJson.MAPPER.readTree(body).get("events");
            batchSizes.add(batch.size());
            for (var event : batch) {
                events.add(CanonicalJson.write(event));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/audit");
    }

    /** Waits (bounded) for {@code count} events. */
    List<String> awaitEvents(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return List.copyOf(events);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
