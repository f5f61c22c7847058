package org.kfm.breakglass.session;

import java.time.Instant;
import java.util.List;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.kube.ResolvedPod;
import org.kfm.breakglass.kube.TunnelSupervisor;

/**
 * What a session holds and changes while it lives — the preflight it passed, its tunnel and login, the pod it
 * forwards to, its mode and the elevation's end, an integrity alarm — kept in one place so the session, its
 * executor, its ticker and its tunnel watch all see the same facts. Fields are volatile: the operator's thread,
 * the ticker and the tunnel supervisor read them.
 */
final class SessionResources {
    private volatile List<CheckResult> preflight = List.of();
    private volatile boolean warningsAcknowledged;
    private volatile TunnelSupervisor tunnel;
    private volatile DatabaseAccess database;
    private volatile ResolvedPod pod;
    private volatile AccessMode mode = AccessMode.READ_ONLY;
    private volatile Instant elevationEndsAt;
    private volatile String alarm;
    private volatile OpenEndpoint.EndpointCloser endpoint;
    private volatile boolean loginTrusted;

    void preflightPassed(List<CheckResult> results) {
        preflight = List.copyOf(results);
        warningsAcknowledged = !CheckResult.anyWarned(results);
    }

    List<String> warnings() {
        return preflight.stream()
                .filter(r -> r.verdict() == Verdict.WARN)
                .map(CheckResult::name)
                .toList();
    }

    void acknowledgeWarnings() {
        warningsAcknowledged = true;
    }

    boolean warningsAcknowledged() {
        return warningsAcknowledged;
    }

    TunnelSupervisor tunnel() {
        return tunnel;
    }

    void tunnel(TunnelSupervisor supervisor) {
        tunnel = supervisor;
    }

    /**
     * Whether the current login may be used without a probe round trip: set by each login, cleared when the
     * supervisor reports a drop (the old forward is gone, whatever the connection object still believes).
     */
    boolean loginTrusted() {
        return loginTrusted;
    }

    void loginTrusted(boolean trusted) {
        this.loginTrusted = trusted;
    }

    DatabaseAccess database() {
        return database;
    }

    void database(DatabaseAccess access) {
        database = access;
    }

    ResolvedPod pod() {
        return pod;
    }

    void pod(ResolvedPod current) {
        pod = current;
    }

    AccessMode mode() {
        return mode;
    }

    void mode(AccessMode now) {
        mode = now;
    }

    Instant elevationEndsAt() {
        return elevationEndsAt;
    }

    void elevationEndsAt(Instant ends) {
        elevationEndsAt = ends;
    }

    /** The integrity alarm a statement raised (the session must end and refuse everything), or null. */
    String alarm() {
        return alarm;
    }

    void alarm(String reason) {
        alarm = reason;
    }

    /** What the banner shows now. */
    SessionSnapshot snapshot(SessionContext ctx, String server, TimeBox timeBox, SessionState state) {
        ResolvedPod current = pod;
        DatabaseAccess db = database;
        return new SessionSnapshot(
                ctx.id().toString(),
                ctx.contextName(),
                server,
                ctx.namespace(),
                ctx.target().toString(),
                current == null ? null : current.name(),
                current == null ? null : current.uid(),
                db == null || db.database() == null ? ctx.database() : db.database(),
                db == null ? null : db.dbUser(),
                mode,
                ctx.justification().ticket(),
                timeBox.expiresAt(),
                timeBox.remaining(),
                elevationEndsAt,
                state,
                db != null && db.link() != null && db.link().transactionPending(),
                db == null ? null : db.serverRole());
    }

    void endpoint(OpenEndpoint.EndpointCloser closer) {
        endpoint = closer;
    }

    /** Ends the endpoint's clients with the reason (FATAL 57P01), once; before the tunnel closes. */
    void closeEndpoint(String reason) {
        OpenEndpoint.EndpointCloser closer = endpoint;
        endpoint = null;
        if (closer != null) {
            closer.close(reason);
        }
    }

    /** Ends the endpoint's connected clients with the reason (the socket stays), if there is an endpoint. */
    void dropEndpointClients(String reason) {
        OpenEndpoint.EndpointCloser closer = endpoint;
        if (closer != null) {
            closer.dropClients(reason);
        }
    }

    /** Closes the login and the tunnel; true when there was a tunnel (its close is journaled). */
    boolean closeLoginAndTunnel() {
        if (database != null) {
            database.close();
        }
        if (tunnel == null) {
            return false;
        }
        tunnel.close();
        return true;
    }

    /** Cancels the running statement, if there is a login; safe from any thread. */
    void cancel() {
        DatabaseAccess db = database;
        if (db != null) {
            db.cancel();
        }
    }
}
