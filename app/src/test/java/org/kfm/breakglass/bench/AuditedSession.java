package org.kfm.breakglass.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.endpoint.Endpoint;
import org.kfm.breakglass.endpoint.EndpointOptions;
import org.kfm.breakglass.endpoint.upstream.SessionUpstream;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.OpenEndpoint;
import org.kfm.breakglass.session.ResultReceiver;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionGateway;

/**
 * A real break-glass session against the fake cluster, opened the way the CLI does it (gateway → justify →
 * preflight → open), with its journal in a directory on disk. {@link #selectOne()} is the full audited path:
 * classify, {@code query.begin} (fsync), read-only transaction, the statement, {@code query.end} (fsync).
 */
final class AuditedSession implements AutoCloseable {

    private static final ResultReceiver IGNORE = new ResultReceiver() {
        @Override
        public void columns(List<ColumnInfo> columns) {}

        @Override
        public void row(List<Object> values) {}
    };

    private final BreakGlassSession session;

    private AuditedSession(BreakGlassSession session) {
        this.session = session;
    }

    static AuditedSession open(Path kubeconfig, String database, Path workDir) throws Exception {
        Path policy = workDir.resolve("policy.yaml");
        Files.writeString(policy, """
                justification:
                  reasonMinLength: 20
                  ticketPattern: '^[A-Z]+-\\d+$'
                session:
                  defaultDuration: 30m
                  maxDuration: 2h
                  idleTimeout: 30m
                  warnBefore: 5m
                """);
        // An environment of our own: no BREAKGLASS_POLICY or XDG dirs of the user running the benchmark.
        Map<String, String> env = Map.of("HOME", workDir.toString());
        var gateway = SessionGateway.create(
                Optional.of(policy), Optional.of(workDir.resolve("audit")), env, Clock.systemUTC());
        var justification = new Justification(
                "benchmark of the audited SELECT 1 round trip",
                "BENCH-1",
                Duration.ofMinutes(30),
                AccessMode.READ_ONLY);
        var session = gateway.start(
                new org.kfm.breakglass.session.TargetChoice(kubeconfig, null, null, "svc/postgis:5432", database),
                justification);
        try {
            var checks = session.preflight(r -> {});
            if (CheckResult.anyWarned(checks)) {
                session.acknowledgeWarnings();
            }
            session.open();
            return new AuditedSession(session);
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    /**
     * The session's PostgreSQL endpoint, opened as {@code breakglass connect} opens it: the socket directory under
     * {@code socketBase}, {@code endpoint.open} journaled through the session, then the listener.
     */
    Endpoint endpoint(Path socketBase) throws Exception {
        var reservation = Endpoint.reserve(new EndpointOptions(socketBase, false));
        var started = new AtomicReference<Endpoint>();
        try {
            var access = session.perform(new OpenEndpoint(
                    reservation.socketPath().toString(), false, new OpenEndpoint.EndpointCloser() {
                        @Override
                        public void close(String reason) {
                            var e = started.get();
                            if (e != null) {
                                e.close(reason);
                            }
                        }

                        @Override
                        public void dropClients(String reason) {
                            var e = started.get();
                            if (e != null) {
                                e.clients().forEach(c -> e.drop(c.clientId(), reason));
                            }
                        }
                    }));
            started.set(Endpoint.start(reservation, new SessionUpstream(access)));
            return started.get();
        } catch (Exception e) {
            reservation.close();
            throw e;
        }
    }

    void selectOne() throws Exception {
        session.run("SELECT 1", RunOptions.defaults(), IGNORE);
    }

    @Override
    public void close() {
        session.close();
    }
}
