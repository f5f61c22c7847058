package org.kfm.breakglass.session;

import java.util.List;
import java.util.Set;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.kfm.breakglass.sql.RoleIssuer;
import org.kfm.breakglass.sql.SqlFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the issuer does to a session's role, one login per step ({@link SessionRoleIssuer}): create it, grant and
 * revoke the writer role, drop it, and sweep the roles ended sessions left. Each step is the effect of a
 * journaled {@link PrivilegedAction}; this class only runs it and says what failed.
 */
final class SessionRoleSteps {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRoleSteps.class);

    private final SessionRoleIssuer issuer;
    private final SessionContext ctx;
    private final String database;
    private final int connectionLimit;

    SessionRoleSteps(SessionContext ctx, ClusterAccess access, TunnelSupervisor tunnel, String database) {
        this.issuer = new SessionRoleIssuer(ctx, access, tunnel);
        this.ctx = ctx;
        this.database = database;
        this.connectionLimit = ctx.policy().sessionCredentials().connectionLimit();
    }

    int connectionLimit() {
        return connectionLimit;
    }

    String issuerSecret() throws SessionFailure {
        return issuer.layout().secretName();
    }

    /** Creates {@code role} as a member of {@code readerRole}. */
    void issue(SessionRole role, String readerRole) throws SessionFailure {
        // pgjdbc zeroes the array it hashes: it gets a copy, the session keeps its own for the logins.
        char[] copy = role.passwordCopy();
        try (RoleIssuer as = issuer.open(database)) {
            as.create(
                    role.name(),
                    copy,
                    role.validUntil(),
                    connectionLimit,
                    readerRole,
                    ctx.policy().sessionCredentials().statementTimeout(),
                    ctx.id().toString());
        } catch (SqlFailure e) {
            throw failed("creating the session's role " + role.name(), e);
        } finally {
            java.util.Arrays.fill(copy, '\0');
        }
        LOG.info("session role {} created (valid until {})", role.name(), role.validUntil());
    }

    void grant(SessionRole role, String writerRole) throws SessionFailure {
        try (RoleIssuer as = issuer.open(database)) {
            as.grant(writerRole, role.name());
            role.markElevated();
        } catch (SqlFailure e) {
            throw failed("granting " + writerRole + " to " + role.name(), e);
        }
    }

    /** Moves the role's {@code VALID UNTIL} to {@code validUntil} (the session was extended). */
    void extend(SessionRole role, java.time.Instant validUntil) throws SessionFailure {
        try (RoleIssuer as = issuer.open(database)) {
            as.validUntil(role.name(), validUntil);
            role.validUntil(validUntil);
        } catch (SqlFailure e) {
            throw failed("moving the VALID UNTIL of " + role.name(), e);
        }
        LOG.info("session role {} now valid until {}", role.name(), validUntil);
    }

    /** Revokes {@code writerRole} and ends every backend of the role (a {@code SET ROLE} outlives a revoke). */
    int revoke(SessionRole role, String writerRole) throws SessionFailure {
        try (RoleIssuer as = issuer.open(database)) {
            as.revoke(writerRole, role.name());
            return as.terminateBackends(role.name());
        } catch (SqlFailure e) {
            throw failed("revoking " + writerRole + " from " + role.name(), e);
        }
    }

    /** NOLOGIN, terminate, (reassign/drop owned,) drop; the number of backends terminated. */
    int drop(String roleName, boolean elevated) throws SessionFailure {
        try (RoleIssuer as = issuer.open(database)) {
            if (!as.exists(roleName)) {
                // Its creation failed before CREATE ROLE ran (or someone dropped it): nothing to take away.
                LOG.info("session role {} does not exist: nothing to drop", roleName);
                return 0;
            }
            as.noLogin(roleName);
            int terminated = as.terminateBackends(roleName);
            as.drop(roleName, elevated);
            LOG.info("session role {} dropped ({} backend(s) terminated)", roleName, terminated);
            return terminated;
        } catch (SqlFailure e) {
            throw failed("dropping the session role " + roleName, e);
        }
    }

    /** The per-session roles on the server whose session {@code ended} names (closed or abandoned). */
    List<String> sweepable(Set<String> ended) throws SessionFailure {
        try (RoleIssuer as = issuer.open(database)) {
            return as.rolesStartingWith(SessionRole.PREFIX).stream()
                    .filter(SessionRole::isSessionRoleName)
                    .filter(ended::contains)
                    .toList();
        } catch (SqlFailure e) {
            throw failed("listing the roles of ended sessions", e);
        }
    }

    /**
     * Drops each of {@code roles} as {@link #drop} does for an elevated role: the journal of a killed console
     * may not say whether it was elevated, so what a swept role owns goes to the issuer and its grants go with it.
     */
    void sweep(List<String> roles) throws SessionFailure {
        for (String role : roles) {
            drop(role, true);
        }
    }

    private static SessionFailure failed(String what, SqlFailure e) {
        return new SessionFailure(
                SessionFailure.Kind.SQL,
                what + " failed: " + (e.sqlstate() == null ? "" : "SQLSTATE " + e.sqlstate() + ": ")
                        + e.serverMessage(),
                e);
    }
}
