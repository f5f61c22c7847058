package org.kfm.breakglass.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Posts events to an HTTP(S) endpoint as {@code {"events":[…]}} (each element the event object, keys sorted as
 * in the journal). Every event is first put in an on-disk spool ({@link DiskSpool}, shared with the syslog sink),
 * so nothing is lost while the endpoint is down; the spool is sent in batches (at most {@code maxBatch} events per
 * POST) with retries and exponential backoff, and a background thread keeps retrying every {@code maxDelay} while
 * events wait. A 2xx answer is the acknowledgement. The bearer token, if any, is only ever put in the
 * Authorization header.
 */
public final class WebhookSink implements AuditSink {

    /** Tuning; {@link #defaults()} suits a SIEM endpoint. */
    public record Options(
            int maxBatch, Duration maxDelay, Duration requestTimeout, int attempts, Duration initialBackoff) {
        public static Options defaults() {
            return new Options(100, Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(200));
        }
    }

    private final URI endpoint;
    private final Options options;
    private final char[] bearerToken;
    private final DiskSpool spool;
    private final HttpClient http;
    private final BacklogRetry retry;
    private volatile boolean healthy = true;

    /**
     * @param spoolDir    where the spool file for this endpoint lives (e.g. beside the journal)
     * @param bearerToken copied; the caller may wipe its array
     */
    public WebhookSink(URI endpoint, Path spoolDir, Options options, Optional<char[]> bearerToken) throws IOException {
        if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException(
                    "audit webhook URL must be http(s)://…, got scheme '" + endpoint.getScheme() + "'");
        }
        this.endpoint = endpoint;
        this.options = options;
        this.bearerToken = bearerToken.map(t -> Arrays.copyOf(t, t.length)).orElse(null);
        this.spool = DiskSpool.open(spoolDir, "webhook", endpoint.toString());
        this.http =
                HttpClient.newBuilder().connectTimeout(options.requestTimeout()).build();
        this.retry = new BacklogRetry(name(), options.maxDelay(), spool, () -> flush(1));
    }

    @Override
    public String name() {
        // Never the user-info or query: they may carry credentials.
        return "webhook " + endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + endpoint.getPath();
    }

    @Override
    public void deliver(String canonicalLine) throws IOException {
        spool.add(canonicalLine);
        try {
            flush(options.attempts());
        } catch (IOException e) {
            throw new SpooledDeliveryException(e.getMessage(), e);
        }
    }

    @Override
    public int pending() {
        return spool.size();
    }

    /** Events waiting in the spool. */
    public int spooled() {
        return spool.size();
    }

    Path spoolFile() {
        return spool.file();
    }

    private synchronized void flush(int attempts) throws IOException {
        while (spool.size() > 0) {
            var batch = spool.peek(options.maxBatch());
            postWithRetries(batch, attempts);
            spool.acknowledge(batch.size());
        }
        healthy = true;
    }

    private void postWithRetries(List<String> batch, int attempts) throws IOException {
        var body = body(batch);
        var backoff = options.initialBackoff();
        String failure = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                var response = http.send(request(body), HttpResponse.BodyHandlers.discarding());
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
            if (attempt < attempts) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        healthy = false;
        throw new IOException(failure + " after " + attempts + " attempt(s); " + spool.size() + " event(s) kept in "
                + spool.file() + " and re-sent when the endpoint is back");
    }

    private HttpRequest request(byte[] body) {
        var b = HttpRequest.newBuilder(endpoint)
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearerToken != null) {
            b.header("Authorization", "Bearer " + new String(bearerToken));
        }
        return b.build();
    }

    private static byte[] body(List<String> batch) {
        var root = CanonicalJson.MAPPER.createObjectNode();
        var events = root.putArray("events");
        for (var line : batch) {
            events.add(CanonicalJson.MAPPER.readTree(line));
        }
        return CanonicalJson.write(root).getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public void close() throws IOException {
        retry.close();
        if (bearerToken != null) {
            Arrays.fill(bearerToken, '\0');
        }
        http.close();
        spool.close();
    }
}
