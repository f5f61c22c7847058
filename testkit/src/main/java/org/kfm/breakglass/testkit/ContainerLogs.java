package org.kfm.breakglass.testkit;

import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log}, as the kubelet serves a container's log through the API
 * server: the database container's log is its PostgreSQL server's log ({@link PostgresServer#serverLog()}: the
 * statement log and pgaudit's {@code AUDIT:} lines), the way CloudNativePG and most images log to stdout; other
 * containers log nothing. Each line's time is its {@code log_line_prefix} time ({@code %m}, UTC), a continuation
 * line taking its record's; {@code sinceTime}/{@code sinceSeconds} keep lines at or after it, {@code tailLines}
 * the last n, {@code timestamps=true} prefixes the RFC 3339 time, {@code limitBytes} cuts; {@code follow=true}
 * streams new lines as the server writes them, until the client disconnects or the server stops. A pod with more
 * than one container needs {@code container}; {@code previous} finds no terminated container (none has restarted).
 */
final class ContainerLogs implements ClusterDispatcher.PodLogs {

    private static final Pattern PREFIX_TIME =
            Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) UTC ");
    private static final DateTimeFormatter PREFIX_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final long POLL_MILLIS = 100;

    private final StoreView store;
    private final BiFunction<String, String, Optional<PostgresServer>> servers;

    /** @param servers the server behind a pod's database container, by namespace and pod */
    ContainerLogs(StoreView store, BiFunction<String, String, Optional<PostgresServer>> servers) {
        this.store = store;
        this.servers = servers;
    }

    /** One log line and the time the runtime would have stamped on it. */
    record Line(Instant time, String text) {}

    @Override
    public MockResponse answer(ApiRequest req) {
        Optional<JsonNode> pod = store.get("/api/v1/namespaces/" + req.namespace() + "/pods/" + req.name());
        if (pod.isEmpty()) {
            return StatusResponses.notFound(req);
        }
        List<String> containers = new ArrayList<>();
        pod.get()
                .path("spec")
                .path("containers")
                .forEach(c -> containers.add(c.path("name").asString("")));
        PodLogQuery query;
        try {
            query = PodLogQuery.parse(req.query(), Instant.now());
        } catch (PodLogQuery.Invalid e) {
            return StatusResponses.error(e.code(), StatusResponses.reasonFor(e.code()), e.getMessage());
        }
        String container = query.container();
        if (container == null) {
            if (containers.size() != 1) {
                return StatusResponses.error(
                        400,
                        "BadRequest",
                        "a container name must be specified for pod " + req.name() + ", choose one of: "
                                + containers.toString().replace(",", ""));
            }
            container = containers.getFirst();
        } else if (!containers.contains(container)) {
            return StatusResponses.error(
                    400, "BadRequest", "container " + container + " is not valid for pod " + req.name());
        }
        if (query.previous()) {
            return StatusResponses.error(
                    400,
                    "BadRequest",
                    "previous terminated container \"" + container + "\" in pod \"" + req.name() + "\" not found");
        }
        // The first container is the database's (postgres, database, postgis); sidecars write nothing here.
        Optional<PostgresServer> server =
                container.equals(containers.getFirst()) ? servers.apply(req.namespace(), req.name()) : Optional.empty();
        if (query.follow()) {
            return new Follow(server, query);
        }
        String body = server.map(s -> render(filter(read(s.serverLog()), query), query))
                .orElse("");
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "text/plain")
                .setBody(limit(body, query));
    }

    /** The lines of a log file, each with its record's time (lines before the first prefixed one: the file's). */
    static List<Line> read(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            Instant time = Files.getLastModifiedTime(log).toInstant();
            Instant first = null;
            for (String l : lines) {
                Instant t = timeOf(l);
                if (t != null) {
                    first = t;
                    break;
                }
            }
            if (first != null) {
                time = first;
            }
            List<Line> out = new ArrayList<>(lines.size());
            for (String l : lines) {
                Instant t = timeOf(l);
                if (t != null) {
                    time = t;
                }
                out.add(new Line(time, l));
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    static Instant timeOf(String line) {
        Matcher m = PREFIX_TIME.matcher(line);
        return m.find() ? LocalDateTime.parse(m.group(1), PREFIX_FORMAT).toInstant(ZoneOffset.UTC) : null;
    }

    private static List<Line> filter(List<Line> lines, PodLogQuery query) {
        List<Line> kept = query.since() == null
                ? lines
                : lines.stream().filter(l -> !l.time().isBefore(query.since())).toList();
        if (query.tailLines() != null && kept.size() > query.tailLines()) {
            kept = kept.subList(kept.size() - query.tailLines().intValue(), kept.size());
        }
        return kept;
    }

    private static String render(List<Line> lines, PodLogQuery query) {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(format(l, query));
        }
        return sb.toString();
    }

    private static String format(Line l, PodLogQuery query) {
        return (query.timestamps() ? l.time().toString() + " " : "") + l.text() + "\n";
    }

    private static String limit(String body, PodLogQuery query) {
        if (query.limitBytes() == null) {
            return body;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= query.limitBytes()) {
            return body;
        }
        return new String(bytes, 0, query.limitBytes().intValue(), StandardCharsets.UTF_8);
    }

    /** {@code follow=true}: what there is, then every new line until the client goes or the server stops. */
    private static final class Follow extends StreamedResponse {
        private final Optional<PostgresServer> server;
        private final PodLogQuery query;

        Follow(Optional<PostgresServer> server, PodLogQuery query) {
            super("text/plain");
            this.server = server;
            this.query = query;
        }

        @Override
        void stream(Sink sink) {
            if (server.isEmpty()) {
                idle(sink); // a container that logs nothing: the stream stays open, empty, as kubectl -f shows it
                return;
            }
            Path log = server.get().serverLog();
            long limit = query.limitBytes() == null ? Long.MAX_VALUE : query.limitBytes();
            long written = 0;
            List<Line> existing = read(log);
            for (Line l : filter(existing, query)) {
                written += write(sink, format(l, query), limit - written);
                if (written >= limit) {
                    return;
                }
            }
            long offset = size(log);
            Instant time =
                    existing.isEmpty() ? Instant.now() : existing.getLast().time();
            StringBuilder partial = new StringBuilder();
            while (sink.isOpen()) {
                long size = size(log);
                if (size > offset) {
                    String chunk = readFrom(log, offset, size);
                    offset = size;
                    partial.append(chunk);
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        String text = partial.substring(0, nl);
                        partial.delete(0, nl + 1);
                        Instant t = timeOf(text);
                        time = t == null ? time : t;
                        Line line = new Line(time, text);
                        if (query.since() == null || !time.isBefore(query.since())) {
                            written += write(sink, format(line, query), limit - written);
                            if (written >= limit) {
                                return;
                            }
                        }
                    }
                } else if (!server.get().isRunning()) {
                    return; // the container's process ended: the kubelet closes the stream
                }
                sleep();
            }
        }

        private static void idle(Sink sink) {
            while (sink.isOpen()) {
                sleep();
            }
        }

        private static long write(Sink sink, String text, long room) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > room) {
                bytes = java.util.Arrays.copyOf(bytes, (int) room);
            }
            sink.write(bytes);
            return bytes.length;
        }

        private static long size(Path log) {
            try {
                return Files.exists(log) ? Files.size(log) : 0;
            } catch (IOException e) {
                return 0;
            }
        }

        private static String readFrom(Path log, long from, long to) {
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                byte[] bytes = new byte[(int) (to - from)];
                f.seek(from);
                f.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
