package org.kfm.breakglass.testkit;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake API server's HTTPS listener (Vert.x, HTTP/2 and HTTP/1.1 by ALPN, on 127.0.0.1).
 *
 * <p>Requests go to the {@link Dispatcher} through fabric8 mockwebserver's own request handler, so plain responses
 * and websocket upgrades (port-forward, watches) behave exactly as on fabric8's MockWebServer. What that handler
 * cannot do is write a body while it is being produced: a {@link StreamedResponse} (a followed pod log) is written
 * here, chunk by chunk, until it ends or the client disconnects. That is why the harness runs its own listener
 * instead of {@code KubernetesMockServer}'s.
 */
final class HttpsApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsApiServer.class);
    private static final List<String> WEBSOCKET_SUBPROTOCOLS =
            List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

    private final Vertx vertx;
    private final HttpServer server;
    private final Dispatcher dispatcher;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpsApiServer(Vertx vertx, HttpServer server, Dispatcher dispatcher) {
        this.vertx = vertx;
        this.server = server;
        this.dispatcher = dispatcher;
    }

    static HttpsApiServer start(TlsMaterial tls, Dispatcher dispatcher) {
        Vertx vertx = Vertx.vertx();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(InetAddress.getLoopbackAddress().getHostAddress())
                .setPort(0)
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(tls.certificatePem()))
                        .setKeyValue(Buffer.buffer(tls.privateKeyPem())))
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setWebSocketSubProtocols(WEBSOCKET_SUBPROTOCOLS)
                .setHandle100ContinueAutomatically(true)
                .setWebSocketClosingTimeout(1);
        HttpServer server = vertx.createHttpServer(options);
        HttpsApiServer api = new HttpsApiServer(vertx, server, dispatcher);
        HttpServerRequestHandler standard = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return api.dispatcher.dispatch(request);
            }
        };
        server.requestHandler(request -> {
            if (PodLogQuery.isFollowRequest(request.method().name(), request.uri())) {
                api.serveStreaming(request);
            } else {
                standard.handle(request);
            }
        });
        try {
            await(server.listen());
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        LOG.debug("fake API server listening on 127.0.0.1:{}", server.actualPort());
        return api;
    }

    int port() {
        return server.actualPort();
    }

    private void serveStreaming(HttpServerRequest request) {
        request.resume();
        request.body().onFailure(e -> failed(request, e)).onSuccess(body -> {
            RecordedRequest recorded = new RecordedRequest(
                    request.version().alpnName().toUpperCase(Locale.ROOT),
                    HttpMethod.fromVertx(request.method()),
                    request.uri(),
                    Headers.builder().addAll(request.headers()).build(),
                    new io.fabric8.mockwebserver.http.Buffer(body == null ? new byte[0] : body.getBytes()));
            MockResponse response = dispatcher.dispatch(recorded);
            if (response instanceof StreamedResponse streamed) {
                stream(request.response(), streamed);
            } else {
                send(request.response(), response);
            }
        });
    }

    private void stream(HttpServerResponse response, StreamedResponse streamed) {
        response.setStatusCode(streamed.code());
        streamed.getHeaders().toMultimap().forEach((k, v) -> response.headers().add(k, v));
        response.setChunked(true);
        AtomicBoolean open = new AtomicBoolean(true);
        response.closeHandler(v -> open.set(false));
        response.exceptionHandler(e -> open.set(false));
        // Headers go out now: a client following an idle log must see the 200 before the first line.
        response.write(Buffer.buffer());
        StreamedResponse.Sink sink = new StreamedResponse.Sink() {
            @Override
            public void write(byte[] bytes) {
                if (open.get() && bytes.length > 0) {
                    response.write(Buffer.buffer(bytes));
                }
            }

            @Override
            public boolean isOpen() {
                return open.get() && !closed.get();
            }

            @Override
            public void end() {
                if (open.getAndSet(false)) {
                    response.end();
                }
            }
        };
        Thread.ofPlatform().daemon().name("fake-api-log-follow").start(() -> {
            try {
                streamed.stream(sink);
            } catch (RuntimeException e) {
                LOG.debug("followed log ended with {}", e.toString());
            } finally {
                sink.end();
            }
        });
    }

    private static void send(HttpServerResponse response, MockResponse mock) {
        response.setStatusCode(mock.code());
        mock.getHeaders().toMultimap().forEach((k, v) -> response.headers().add(k, v));
        if (mock.getBody() != null && mock.getBody().size() > 0) {
            response.end(Buffer.buffer(mock.getBody().getBytes()));
        } else {
            response.end();
        }
    }

    private static void failed(HttpServerRequest request, Throwable e) {
        if (!request.response().headWritten()) {
            request.response().setStatusCode(500).end();
        }
        LOG.debug("reading a request failed: {}", e.toString());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fake API server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the fake API server could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            dispatcher.shutdown();
            await(server.close());
            dispatcher.releaseResources();
        } catch (RuntimeException e) {
            LOG.warn("stopping the fake API server failed: {}", e.getMessage());
        } finally {
            try {
                await(vertx.close());
            } catch (RuntimeException e) {
                LOG.warn("stopping Vert.x failed: {}", e.getMessage());
            }
        }
    }
}
