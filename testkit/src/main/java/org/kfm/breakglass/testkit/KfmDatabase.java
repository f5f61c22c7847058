package org.kfm.breakglass.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Lays out database {@code kfm} the way the seed does: least-privilege roles, PostGIS, and sample data owned
 * by {@code kfm_owner}. Every database ({@code template1} and {@code postgres} included) runs the deploy's own
 * {@code 30-function-privileges.sql}, read from the committed render, so the side-effect functions (signals,
 * advisory locks, large objects, notify, server files) are not PUBLIC's here either.
 *
 * <ul>
 *   <li>{@code kfm_owner} owns the database, schema {@code public} and every table (DDL).</li>
 *   <li>{@code kfm_writer} may SELECT/INSERT/UPDATE/DELETE (and so COPY FROM STDIN), never CREATE.</li>
 *   <li>{@code kfm_reader} may only SELECT.</li>
 * </ul>
 * Default privileges make tables the owner creates later readable by reader and writable by writer.
 */
final class KfmDatabase {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The deploy's REVOKEs (and GRANTs to kfm_owner), plain SQL without psql variables. */
    private static final String FUNCTION_PRIVILEGES = StageObjects.initSql("30-function-privileges.sql");

    private final LocalPostgis pg;
    private final int majorVersion;

    KfmDatabase(LocalPostgis pg, int majorVersion) {
        this.pg = pg;
        this.majorVersion = majorVersion;
    }

    void create() {
        try {
            try (Connection c = pg.connect(pg.superuser(), "postgres");
                    Statement s = c.createStatement()) {
                requirePostgis(s);
                // Keep the passwords out of the statement log and out of pg_stat_statements.
                s.execute("SET log_statement = 'none'");
                s.execute("SET pg_stat_statements.track_utility = off");
                for (DbRole role : new DbRole[] {pg.owner(), pg.writer(), pg.reader()}) {
                    // Passwords are URL-safe Base64, so a plain literal is safe here.
                    s.execute("CREATE ROLE " + role.user() + " LOGIN PASSWORD '" + role.password() + "'");
                }
                s.execute(FUNCTION_PRIVILEGES);
            }
            try (Connection c = pg.connect(pg.superuser(), "template1");
                    Statement s = c.createStatement()) {
                s.execute(FUNCTION_PRIVILEGES);
            }
            createExtra(pg.database(), true);
            try (Connection c = pg.connect(pg.superuser());
                    Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                s.execute("GRANT pg_read_all_stats TO kfm_owner");
            }
            try (Connection c = pg.connect(pg.owner());
                    Statement s = c.createStatement()) {
                s.execute(resource("sample-data.sql"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("setting up database kfm failed: " + e.getMessage(), e);
        }
    }

    void createExtra(String name, boolean withPostgis) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name + "' is not a plain lower-case identifier");
        }
        try {
            try (Connection c = pg.connect(pg.superuser(), "postgres");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + " OWNER kfm_owner");
                s.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
                s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + name + " TO kfm_writer, kfm_reader");
            }
            try (Connection c = pg.connect(pg.superuser(), name);
                    Statement s = c.createStatement()) {
                if (withPostgis) {
                    requirePostgis(s);
                    // PostGIS's install script refuses to run under pgaudit session logging (thousands of lines).
                    s.execute("SET pgaudit.log = 'none'");
                    s.execute("CREATE EXTENSION postgis");
                    s.execute("RESET pgaudit.log");
                }
                s.execute("ALTER SCHEMA public OWNER TO kfm_owner");
                s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                s.execute("GRANT USAGE ON SCHEMA public TO kfm_writer, kfm_reader");
                s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public"
                        + " GRANT SELECT ON TABLES TO kfm_reader, kfm_writer");
                s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public"
                        + " GRANT INSERT, UPDATE, DELETE ON TABLES TO kfm_writer");
                s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public"
                        + " GRANT USAGE, SELECT ON SEQUENCES TO kfm_writer");
                s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public"
                        + " GRANT SELECT ON SEQUENCES TO kfm_reader");
                s.execute(FUNCTION_PRIVILEGES);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + name + " failed: " + e.getMessage(), e);
        }
    }

    private void requirePostgis(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")) {
            if (!rs.next()) {
                throw postgisMissing(majorVersion);
            }
        }
    }

    /** The error for a server without PostGIS: names the version-matched Debian package and how to install it. */
    static IllegalStateException postgisMissing(int majorVersion) {
        String pkg = "postgresql-" + majorVersion + "-postgis-3";
        return new IllegalStateException("PostGIS is not installed for PostgreSQL " + majorVersion
                + " (extension 'postgis' is not available). Install the Debian package " + pkg
                + ": sudo apt-get install -y " + pkg);
    }

    private static String resource(String name) {
        try (InputStream in = KfmDatabase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("testkit resource " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
