package org.kfm.breakglass.session;

import java.time.Duration;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.DbCredentials;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.SecretReader;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.kfm.breakglass.kube.target.SecretLayout;
import org.kfm.breakglass.sql.ConnectSpec;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.SqlFailure;

/**
 * The session's one database login through the tunnel. Credentials come from the Secret {@link LoginSecret} names
 * for the target and the mode's role, live only as long as the login takes, and are read again on reconnect rather
 * than kept in memory. The database is the operator's {@code -d}, else the one the Secret names (an operator's
 * {@code dbname}, the seed's {@code POSTGRES_DB}).
 */
final class DatabaseAccess implements AutoCloseable {
    private final SessionContext ctx;
    private final SecretReader secrets;
    private final TunnelSupervisor tunnel;
    private volatile DatabaseLink link;
    private volatile String dbUser;
    private volatile String database;
    private volatile String secretName;
    /** The session's own role ({@code sessionCredentials: per-session}): every login is as it, in any mode. */
    private volatile SessionRole sessionRole;

    DatabaseAccess(SessionContext ctx, ClusterAccess access, TunnelSupervisor tunnel) {
        this.ctx = ctx;
        this.secrets = new SecretReader(access);
        this.tunnel = tunnel;
    }

    /** The mode's credentials, read from the Secret its login uses, now; the caller destroys them. */
    DbCredentials credentials(AccessMode mode) throws SessionFailure {
        try {
            return secrets.read(ctx.namespace(), layout(mode));
        } catch (KubeAccessException e) {
            throw new SessionFailure(
                    e.connectionFailed() ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.DENIED,
                    e.getMessage(),
                    e);
        }
    }

    private SecretLayout layout(AccessMode mode) throws SessionFailure {
        return LoginSecret.layout(ctx.policy(), ctx.target(), tunnel.resolvedTarget(), mode);
    }

    /** From now on every login is as {@code role}; its password is copied for each login, never read again. */
    void useSessionRole(SessionRole role) {
        this.sessionRole = role;
    }

    /** The session's own role, or null under {@code sessionCredentials: secret}. */
    SessionRole sessionRole() {
        return sessionRole;
    }

    /** The database a login opens: the operator's {@code -d}, else the one the reader's Secret names. */
    String databaseToOpen() throws SessionFailure {
        if (ctx.database() != null) {
            return ctx.database();
        }
        String secret = layout(AccessMode.READ_ONLY).secretName();
        DbCredentials reader = credentials(AccessMode.READ_ONLY);
        try {
            var named = reader.database();
            if (named.isEmpty()) {
                throw new SessionFailure(
                        SessionFailure.Kind.USAGE, "name the database to open (-d): Secret " + secret + " names none");
            }
            return named.get();
        } finally {
            reader.destroy();
        }
    }

    /** Logs in as the mode's role (or the session's own role, read-only unless elevated), replacing any login. */
    void login(AccessMode mode) throws SessionFailure {
        SessionRole own = sessionRole;
        var layout = own == null ? layout(mode) : layout(AccessMode.READ_ONLY);
        DbCredentials credentials =
                own == null ? credentials(mode) : new DbCredentials(own.name(), own.passwordCopy(), databaseToOpen());
        String db =
                ctx.database() != null ? ctx.database() : credentials.database().orElse(null);
        if (db == null) {
            credentials.destroy();
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "name the database to open (-d): Secret " + layout.secretName() + " names none");
        }
        var spec = new ConnectSpec(
                db,
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
            database = db;
            secretName = layout.secretName();
            if (previous != null) {
                previous.close();
            }
        } catch (SqlFailure e) {
            // SqlFailure's message already carries its advice.
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION,
                    "login to database '" + db + "' as " + credentials.user() + " failed: " + e.getMessage(),
                    e);
        } finally {
            spec.wipePassword();
            credentials.destroy();
        }
    }

    /** The database logged in to; null before the first login. */
    String database() {
        return database;
    }

    /** What the server of the current login said it is ({@code pg_is_in_recovery()}); null before the first login. */
    ServerRole serverRole() {
        DatabaseLink current = link;
        return current == null ? null : ServerRole.inRecovery(current.inRecovery());
    }

    /** The Secret the current login's credentials came from; null before the first login. */
    String secretName() {
        return secretName;
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
