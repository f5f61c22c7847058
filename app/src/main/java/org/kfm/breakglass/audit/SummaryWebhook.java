package org.kfm.breakglass.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Posts a session's summary — one JSON document, the policy's template filled in — to a chat or ticket endpoint
 * when the session ends. Each summary is first put in an on-disk spool of its own ({@link DiskSpool}, kind
 * {@code summary}, beside the event webhook's), then posted with the event webhook's retries and backoff; a 2xx
 * answer is the acknowledgement and takes it out of the spool, so it is never posted again. A summary the endpoint
 * did not take stays spooled and is sent, first, when the next summary is posted to the same endpoint.
 */
public final class SummaryWebhook implements AutoCloseable {

    private final URI endpoint;
    private final WebhookSink.Options options;
    private final DiskSpool spool;
    private final HttpClient http;

    public SummaryWebhook(URI endpoint, Path spoolDir, WebhookSink.Options options) throws IOException {
        if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException(
                    "a webhook summary URL must be http(s)://…, got scheme '" + endpoint.getScheme() + "'");
        }
        this.endpoint = endpoint;
        this.options = options;
        this.spool = DiskSpool.open(spoolDir, "summary", endpoint.toString());
        this.http =
                HttpClient.newBuilder().connectTimeout(options.requestTimeout()).build();
    }

    /** Where it posts, never the user-info or query (they may carry credentials). */
    public String name() {
        return "webhook summary " + endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + endpoint.getPath();
    }

    /**
     * Spools {@code json} (one line: compact JSON) and posts every spooled summary, oldest first.
     *
     * @throws IOException the endpoint did not take them; they stay spooled (the message says where)
     */
    public void post(String json) throws IOException {
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a spooled summary is one line of compact JSON");
        }
        spool.add(json);
        while (spool.size() > 0) {
            var next = spool.peek(1);
            send(next.getFirst());
            spool.acknowledge(1);
        }
    }

    /** Summaries still waiting for the endpoint. */
    public int spooled() {
        return spool.size();
    }

    private void send(String json) throws IOException {
        var backoff = options.initialBackoff();
        String failure = "";
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            try {
                var request = HttpRequest.newBuilder(endpoint)
                        .timeout(options.requestTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build();
                var response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                failure = "HTTP " + response.statusCode();
            } catch (IOException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            }
            if (attempt < options.attempts()) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new IOException(failure + " after " + options.attempts() + " attempt(s); " + spool.size()
                + " summary(ies) kept in " + spool.file() + " and sent with the next one");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
        spool.close();
    }
}
