package org.kfm.breakglass.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A login as the issuer role ({@code CREATEROLE}, never a superuser) that creates, grants, revokes and drops the
 * per-session roles. Every identifier and literal is quoted by the server ({@code format('%I')}/{@code '%L'}) from
 * bound parameters, so no name is spliced into SQL here; the password reaches the server only as a SCRAM verifier
 * that pgjdbc computes on this side ({@link PGConnection#alterUserPassword}), so neither the statement text nor a
 * server log that records {@code ALTER ROLE} ever carries it.
 */
public final class RoleIssuer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleIssuer.class);

    private final DatabaseLink link;
    private final Connection connection;

    private RoleIssuer(DatabaseLink link) throws SQLException {
        this.link = link;
        this.connection = link.jdbc();
        connection.rollback();
        connection.setAutoCommit(true);
    }

    /** Logs in as the issuer ({@code spec} must not be read-only: the role statements are DDL). */
    public static RoleIssuer connect(SocketOpener opener, ConnectSpec spec) throws SqlFailure {
        if (spec.readOnly()) {
            throw new IllegalArgumentException("the issuer's login cannot be read-only");
        }
        DatabaseLink link = DatabaseLink.connect(opener, spec);
        try {
            return new RoleIssuer(link);
        } catch (SQLException e) {
            link.close();
            throw SqlFailure.from(e);
        }
    }

    /** What the issuer role may do, as the server says. */
    public record Standing(String user, boolean superuser, boolean createRole, boolean signalBackends) {}

    public Standing standing() throws SqlFailure {
        try (var st = connection.prepareStatement("SELECT current_user, r.rolsuper, r.rolcreaterole,"
                + " pg_has_role(current_user, 'pg_signal_backend', 'USAGE')"
                + " AND has_function_privilege('pg_terminate_backend(integer, bigint)', 'EXECUTE')"
                + " FROM pg_roles r WHERE r.rolname = current_user")) {
            try (var rs = st.executeQuery()) {
                rs.next();
                return new Standing(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4));
            }
        } catch (SQLException e) {
            throw SqlFailure.from(e);
        }
    }

    /**
     * {@code CREATE ROLE role LOGIN … VALID UNTIL … CONNECTION LIMIT … IN ROLE member}, its password, and its
     * {@code statement_timeout} and {@code application_name} defaults.
     */
    public void create(
            String role,
            char[] password,
            Instant validUntil,
            int connectionLimit,
            String memberOf,
            Duration statementTimeout,
            String applicationName)
            throws SqlFailure {
        try {
            run(
                    "SELECT format('CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                            + " NOBYPASSRLS INHERIT CONNECTION LIMIT %s VALID UNTIL %L IN ROLE %I', ?, ?::int, ?, ?)",
                    role, Integer.toString(connectionLimit), validUntil.toString(), memberOf);
            connection.unwrap(PGConnection.class).alterUserPassword(role, password, "scram-sha-256");
            run(
                    "SELECT format('ALTER ROLE %I SET statement_timeout = %L', ?, ?)",
                    role, statementTimeout.toMillis() + "ms");
            run("SELECT format('ALTER ROLE %I SET application_name = %L', ?, ?)", role, applicationName);
        } catch (SQLException e) {
            throw SqlFailure.from(e);
        }
    }

    /** {@code GRANT granted TO role}. */
    public void grant(String granted, String role) throws SqlFailure {
        runOrFail("SELECT format('GRANT %I TO %I', ?, ?)", granted, role);
    }

    /** {@code REVOKE granted FROM role}. */
    public void revoke(String granted, String role) throws SqlFailure {
        runOrFail("SELECT format('REVOKE %I FROM %I', ?, ?)", granted, role);
    }

    /** {@code ALTER ROLE role VALID UNTIL until}: no login of it after {@code until}. */
    public void validUntil(String role, Instant until) throws SqlFailure {
        runOrFail("SELECT format('ALTER ROLE %I VALID UNTIL %L', ?, ?)", role, until.toString());
    }

    /** {@code ALTER ROLE role NOLOGIN}: the server refuses every new login of it from now on. */
    public void noLogin(String role) throws SqlFailure {
        runOrFail("SELECT format('ALTER ROLE %I NOLOGIN', ?)", role);
    }

    /**
     * Terminates every backend of {@code role} (but this one), waiting up to 5 s for each to exit (a backend that
     * is still exiting would count against the role's CONNECTION LIMIT at the next login); the number terminated.
     */
    public int terminateBackends(String role) throws SqlFailure {
        try (var st = connection.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))"
                + " FROM pg_stat_activity WHERE usename = ? AND pid <> pg_backend_pid()")) {
            st.setString(1, role);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw SqlFailure.from(e);
        }
    }

    /**
     * Drops {@code role}; when it was elevated, what it owns goes to the issuer first and its grants with it
     * ({@code REASSIGN OWNED}, {@code DROP OWNED} in the login's database, the one it could write in). Both need
     * the privileges of {@code role}, which a PG15 CREATEROLE issuer does not have over a role it created (PG16
     * gives it ADMIN only): it grants itself the role first; the DROP ROLE ends that membership with the role.
     */
    public void drop(String role, boolean elevated) throws SqlFailure {
        if (elevated) {
            runOrFail("SELECT format('GRANT %I TO current_user', ?)", role);
            runOrFail("SELECT format('REASSIGN OWNED BY %I TO current_user', ?)", role);
            runOrFail("SELECT format('DROP OWNED BY %I', ?)", role);
        }
        runOrFail("SELECT format('DROP ROLE %I', ?)", role);
    }

    /** The roles whose name starts with {@code prefix} (the per-session roles left by earlier sessions). */
    public List<String> rolesStartingWith(String prefix) throws SqlFailure {
        try (var st = connection.prepareStatement(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?) ORDER BY rolname")) {
            st.setString(1, prefix);
            try (var rs = st.executeQuery()) {
                var names = new ArrayList<String>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        } catch (SQLException e) {
            throw SqlFailure.from(e);
        }
    }

    /** Whether {@code role} exists. */
    public boolean exists(String role) throws SqlFailure {
        return rolesStartingWith(role).contains(role);
    }

    private void runOrFail(String builder, String... args) throws SqlFailure {
        try {
            run(builder, args);
        } catch (SQLException e) {
            throw SqlFailure.from(e);
        }
    }

    /** Has the server build the statement from {@code args} (quoted there), then runs it. */
    private void run(String builder, String... args) throws SQLException {
        String statement;
        try (PreparedStatement st = connection.prepareStatement(builder)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                statement = rs.getString(1);
            }
        }
        try (var st = connection.createStatement()) {
            st.execute(statement);
        }
        LOG.debug("issuer ran: {}", statement);
    }

    @Override
    public void close() {
        link.close();
    }
}
