package org.kfm.breakglass.session;

import java.time.Duration;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.DbCredentials;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.SecretReader;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.kfm.breakglass.sql.ConnectSpec;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.SqlFailure;

/**
 * The session's one database login through the tunnel. Credentials come from the policy's Secret for the mode's
 * role, live only as long as the login takes, and are read again on reconnect rather than kept in memory.
 */
final class DatabaseAccess implements AutoCloseable {
    private final SessionContext ctx;
    private final SecretReader secrets;
    private final TunnelSupervisor tunnel;
    private volatile DatabaseLink link;
    private volatile String dbUser;

    DatabaseAccess(SessionContext ctx, ClusterAccess access, TunnelSupervisor tunnel) {
        this.ctx = ctx;
        this.secrets = new SecretReader(access);
        this.tunnel = tunnel;
    }

    /** Logs in as the mode's role, replacing any previous login. */
    void login(AccessMode mode) throws SessionFailure {
        var ref = ctx.policy().credentialsFor(mode);
        DbCredentials credentials;
        try {
            credentials = secrets.read(ctx.namespace(), ref.secret(), ref.userKey(), ref.passwordKey());
        } catch (KubeAccessException e) {
            throw new SessionFailure(
                    e.connectionFailed() ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.DENIED,
                    e.getMessage(),
                    e);
        }
        var spec = new ConnectSpec(
                ctx.database(),
                credentials.user(),
                credentials.password(),
                mode == AccessMode.READ_ONLY,
                Duration.ZERO,
                ConnectSpec.applicationNameFor(ctx.id().toString()));
        try {
            DatabaseLink fresh = DatabaseLink.connect(tunnel::openSocket, spec);
            DatabaseLink previous = link;
            link = fresh;
            dbUser = credentials.user();
            if (previous != null) {
                previous.close();
            }
        } catch (SqlFailure e) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION,
                    "login to database '" + ctx.database()
                            + "' as " + credentials.user() + " failed: " + e.getMessage()
                            + (e.advice().isBlank() ? "" : " — " + e.advice()),
                    e);
        } finally {
            spec.wipePassword();
            credentials.destroy();
        }
    }

    /** The current link; null before the first login. */
    DatabaseLink link() {
        return link;
    }

    /** Whether a link exists and has not been closed (no round trip). */
    boolean open() {
        DatabaseLink current = link;
        return current != null && current.isOpen();
    }

    boolean alive() {
        DatabaseLink current = link;
        return current != null && current.isAlive();
    }

    String dbUser() {
        return dbUser;
    }

    void cancel() {
        DatabaseLink current = link;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void close() {
        DatabaseLink current = link;
        link = null;
        if (current != null) {
            current.close();
        }
    }
}
