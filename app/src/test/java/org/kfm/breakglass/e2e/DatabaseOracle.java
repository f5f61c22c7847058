package org.kfm.breakglass.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.postgresql.PGConnection;

/**
 * The database seen from the owner's (and the superuser's) side, for checking that a read-only session changed
 * nothing: tables and their row counts, sequences, large objects, role settings and attributes (password hashes
 * included), functions, replication slots, server files, canary rows that only a SECURITY DEFINER function can
 * write, notifications, advisory locks, and a second reader session (the victim) that must stay alive.
 */
final class DatabaseOracle implements AutoCloseable {
    static final String NOTIFY_CHANNEL = "breakglass_probe";
    static final List<Path> SERVER_FILES =
            List.of(Path.of("/tmp/breakglass-gate-corpus-program"), Path.of("/tmp/breakglass-gate-corpus-file"));

    private final LocalPostgis pg;
    private final Connection superuser;
    private final Connection listener;
    private final Connection victim;
    private final CompletableFuture<Void> victimStatement;
    private final int victimPid;

    private DatabaseOracle(LocalPostgis pg) throws SQLException {
        this.pg = pg;
        this.superuser = DriverManager.getConnection(
                pg.jdbcUrl(), pg.superuser().user(), pg.superuser().password());
        try (var owner = pg.connect(pg.owner());
                var st = owner.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS canary (at timestamptz NOT NULL DEFAULT now())");
            st.execute("CREATE OR REPLACE FUNCTION kfm_canary_touch() RETURNS integer LANGUAGE sql VOLATILE"
                    + " SECURITY DEFINER AS $$ INSERT INTO canary DEFAULT VALUES RETURNING 1 $$");
            st.execute("GRANT EXECUTE ON FUNCTION kfm_canary_touch() TO kfm_reader");
        }
        this.listener = pg.connect(pg.owner());
        try (var st = listener.createStatement()) {
            st.execute("LISTEN " + NOTIFY_CHANNEL);
        }
        this.victim = DriverManager.getConnection(
                pg.jdbcUrl() + "&ApplicationName=victim",
                pg.reader().user(),
                pg.reader().password());
        try (var st = victim.createStatement();
                var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            this.victimPid = rs.getInt(1);
        }
        this.victimStatement = CompletableFuture.runAsync(() -> {
            try (var st = victim.createStatement()) {
                st.execute("SELECT pg_sleep(600)");
            } catch (SQLException e) {
                throw new IllegalStateException("the victim's statement ended: " + e.getMessage(), e);
            }
        });
        Stage.await("the victim's pg_sleep(600) to run", this::victimRunning);
    }

    static DatabaseOracle start(LocalPostgis pg) throws SQLException {
        return new DatabaseOracle(pg);
    }

    /** Everything the owner can see that a read-only session must not change. */
    Map<String, List<String>> snapshot() throws SQLException {
        var state = new LinkedHashMap<String, List<String>>();
        var tables = rows(
                "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1");
        var counts = new ArrayList<String>();
        for (var table : tables) {
            counts.add(table + "=" + rows("SELECT count(*) FROM " + table).get(0));
        }
        state.put("tables and row counts", counts);
        state.put(
                "relations",
                rows(
                        "SELECT format('%s:%s', relname, relkind) FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1"));
        state.put(
                "sequences",
                rows("SELECT format('%s.%s=%s', schemaname, sequencename, last_value) FROM pg_sequences ORDER BY 1"));
        state.put(
                "large objects",
                rows("SELECT format('%s:%s', oid, lomowner::regrole) FROM pg_largeobject_metadata ORDER BY 1"));
        state.put(
                "role settings",
                rows("SELECT format('%s/%s=%s', setdatabase, setrole, setconfig) FROM pg_db_role_setting ORDER BY 1"));
        state.put(
                "roles",
                rows("SELECT format('%s super=%s inherit=%s createrole=%s createdb=%s login=%s"
                        + " replication=%s bypassrls=%s connlimit=%s until=%s password-md5=%s', rolname, rolsuper, rolinherit,"
                        + " rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil,"
                        + " md5(coalesce(rolpassword, ''))) FROM pg_authid ORDER BY 1"));
        state.put(
                "memberships",
                rows("SELECT format('%s>%s', roleid::regrole, member::regrole) FROM pg_auth_members ORDER BY 1"));
        state.put(
                "functions",
                rows(
                        "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND NOT EXISTS"
                                + " (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')"
                                + " ORDER BY 1"));
        state.put("replication slots", rows("SELECT slot_name FROM pg_replication_slots ORDER BY 1"));
        state.put(
                "geometry columns",
                rows(
                        "SELECT format('%s.%s:%s', f_table_name, f_geometry_column, srid) FROM geometry_columns ORDER BY 1"));
        var files = new ArrayList<String>();
        for (var file : SERVER_FILES) {
            files.add(file + (Files.exists(file) ? " exists" : " absent"));
        }
        state.put("server files", files);
        return state;
    }

    /** Advisory locks anyone holds right now. */
    List<String> advisoryLocks() throws SQLException {
        return rows("SELECT format('%s:%s', pid, objid) FROM pg_locks WHERE locktype = 'advisory' ORDER BY 1");
    }

    /** Notifications the owner's listener received since the last call. */
    List<String> notifications() throws SQLException {
        try (var st = listener.createStatement()) {
            st.execute("SELECT 1"); // notifications arrive with the next server response
        }
        var received = listener.unwrap(PGConnection.class).getNotifications();
        var out = new ArrayList<String>();
        if (received != null) {
            for (var n : received) {
                out.add(n.getName() + ":" + n.getParameter());
            }
        }
        return out;
    }

    /** True while the victim's backend is still the same process running pg_sleep(600). */
    boolean victimRunning() {
        try {
            return !victimStatement.isDone()
                    && rows("SELECT pid FROM pg_stat_activity WHERE application_name = 'victim'"
                                    + " AND state = 'active' AND query = 'SELECT pg_sleep(600)'")
                            .equals(List.of(String.valueOf(victimPid)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> rows(String sql) throws SQLException {
        try (var st = superuser.createStatement();
                var rs = st.executeQuery(sql)) {
            var out = new ArrayList<String>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Override
    public void close() throws SQLException {
        try (var st = superuser.createStatement()) {
            st.execute("SELECT pg_cancel_backend(" + victimPid + ")");
        }
        victimStatement.handle((ok, e) -> null).join();
        victim.close();
        listener.close();
        superuser.close();
    }
}
