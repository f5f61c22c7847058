package org.kfm.breakglass.session;

import java.time.Duration;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.DbCredentials;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.SecretReader;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.kfm.breakglass.kube.target.SecretLayout;
import org.kfm.breakglass.sql.ConnectSpec;
import org.kfm.breakglass.sql.RoleIssuer;
import org.kfm.breakglass.sql.SqlFailure;

/**
 * The issuer's login through the session's tunnel, opened for one step (issue, grant, revoke, drop, sweep) and
 * closed after it, so no {@code CREATEROLE} connection stays open through the session. Its password is read from
 * the issuer Secret each time and wiped after the login. A login whose role is a superuser, lacks
 * {@code CREATEROLE} or cannot signal backends is refused before it does anything.
 */
final class SessionRoleIssuer {
    private final SessionContext ctx;
    private final SecretReader secrets;
    private final TunnelSupervisor tunnel;

    SessionRoleIssuer(SessionContext ctx, ClusterAccess access, TunnelSupervisor tunnel) {
        this.ctx = ctx;
        this.secrets = new SecretReader(access);
        this.tunnel = tunnel;
    }

    /** The Secret the issuer's login reads. */
    SecretLayout layout() throws SessionFailure {
        return IssuerSecret.layout(ctx.policy(), ctx.target());
    }

    /** Logs in as the issuer in {@code database} and checks its standing; the caller closes it. */
    RoleIssuer open(String database) throws SessionFailure {
        var layout = layout();
        DbCredentials credentials;
        try {
            credentials = secrets.read(ctx.namespace(), layout);
        } catch (KubeAccessException e) {
            throw new SessionFailure(
                    e.connectionFailed() ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.DENIED,
                    "the issuer Secret cannot be read (sessionCredentials: per-session): " + e.getMessage(),
                    e);
        }
        var spec = new ConnectSpec(
                database,
                credentials.user(),
                credentials.password(),
                false,
                Duration.ofSeconds(30),
                ConnectSpec.applicationNameFor(ctx.id().toString()) + "/issuer");
        RoleIssuer issuer;
        try {
            issuer = RoleIssuer.connect(tunnel::openSocket, spec);
        } catch (SqlFailure e) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION,
                    "login as the issuer " + credentials.user() + " (Secret " + layout.secretName() + ") failed: "
                            + e.getMessage(),
                    e);
        } finally {
            spec.wipePassword();
            credentials.destroy();
        }
        try {
            refuseUnfit(issuer.standing(), layout.secretName());
            return issuer;
        } catch (SqlFailure | SessionFailure e) {
            issuer.close();
            throw e instanceof SessionFailure sf
                    ? sf
                    : new SessionFailure(SessionFailure.Kind.SQL, "reading the issuer's role: " + e.getMessage(), e);
        }
    }

    /** Why the issuer role cannot be used, or nothing when it can. */
    static String unfit(RoleIssuer.Standing standing) {
        if (standing.superuser()) {
            return "the issuer role " + standing.user() + " is a superuser: a break-glass console never issues roles"
                    + " as a superuser; give it a role with CREATEROLE (and ADMIN on the reader and writer roles)";
        }
        if (!standing.createRole()) {
            return "the issuer role " + standing.user() + " lacks CREATEROLE: ALTER ROLE " + standing.user()
                    + " CREATEROLE (and GRANT the reader and writer roles to it WITH ADMIN OPTION)";
        }
        if (!standing.signalBackends()) {
            return "the issuer role " + standing.user() + " cannot end a session role's connections: GRANT"
                    + " pg_signal_backend TO " + standing.user() + " (and EXECUTE on pg_terminate_backend when the"
                    + " database revoked it from PUBLIC)";
        }
        return null;
    }

    private static void refuseUnfit(RoleIssuer.Standing standing, String secret) throws SessionFailure {
        String why = unfit(standing);
        if (why != null) {
            throw new SessionFailure(SessionFailure.Kind.DENIED, why + " (Secret " + secret + ")");
        }
    }
}
