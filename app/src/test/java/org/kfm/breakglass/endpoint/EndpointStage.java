package org.kfm.breakglass.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * An endpoint on the tests' upstream (a real LocalPostgis), in a private temporary base directory, and the real
 * clients pointed at it — or, for the oracle, straight at the server as the same role.
 */
public final class EndpointStage implements AutoCloseable {
    private final LocalPostgis pg;
    private final DirectUpstream upstream;
    private final Path base;
    private final Endpoint endpoint;

    private EndpointStage(LocalPostgis pg, DirectUpstream upstream, Path base, Endpoint endpoint) {
        this.pg = pg;
        this.upstream = upstream;
        this.base = base;
        this.endpoint = endpoint;
    }

    public static EndpointStage open(AccessMode mode) {
        return open(mode, false);
    }

    public static EndpointStage open(AccessMode mode, boolean tcp) {
        var pg = EndpointPostgis.get();
        var upstream = new DirectUpstream(pg, mode);
        try {
            Path base = Files.createTempDirectory(Path.of("/tmp"), "bg-endpoint-");
            return new EndpointStage(pg, upstream, base, Endpoint.start(new EndpointOptions(base, tcp), upstream));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LocalPostgis postgis() {
        return pg;
    }

    public DirectUpstream upstream() {
        return upstream;
    }

    public RecordingJournal journal() {
        return upstream.recording();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Path base() {
        return base;
    }

    /** libpq's environment for the endpoint: the socket directory, the database; no user, no password. */
    public Map<String, String> throughEnv() {
        return Map.of("PGHOST", endpoint.socketDirectory().toString(), "PGDATABASE", pg.database());
    }

    /** libpq's environment for the oracle: straight to the server as the role the endpoint logs in with. */
    public Map<String, String> directEnv() {
        var role = switch (upstream.mode()) {
            case READ_ONLY -> pg.reader();
            case WRITE -> pg.writer();
            case OWNER -> pg.owner();
        };
        return Map.of(
                "PGHOST", pg.host(),
                "PGPORT", String.valueOf(pg.port()),
                "PGUSER", role.user(),
                "PGPASSWORD", role.password(),
                "PGDATABASE", pg.database(),
                "PGSSLMODE", "disable");
    }

    /** The same as {@link #directEnv()} but as the database owner (for setting up and checking afterwards). */
    public Map<String, String> ownerEnv() {
        return Map.of(
                "PGHOST", pg.host(),
                "PGPORT", String.valueOf(pg.port()),
                "PGUSER", pg.owner().user(),
                "PGPASSWORD", pg.owner().password(),
                "PGDATABASE", pg.database(),
                "PGSSLMODE", "disable");
    }

    public Programs.Result psql(Map<String, String> env, String stdin, String... args) {
        var command = new ArrayList<String>(List.of(Programs.require("psql", "postgresql-client-15"), "-X", "-q"));
        command.addAll(List.of(args));
        return Programs.run(command, env, stdin, Duration.ofSeconds(120));
    }

    /** The server log's text from {@code offset} on (every statement the server received is in it). */
    public String serverLogSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(pg.serverLog());
            return new String(
                    all,
                    (int) Math.min(offset, all.length),
                    (int) Math.max(0, all.length - offset),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long serverLogSize() {
        try {
            return Files.size(pg.serverLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        endpoint.close();
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
