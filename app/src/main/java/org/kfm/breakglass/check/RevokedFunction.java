package org.kfm.breakglass.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A built-in PostgreSQL function with a side effect that a read-only role must not be able to call, so the seed
 * revokes {@code EXECUTE} on it from {@code PUBLIC} in every database
 * ({@code deploy/postgis/base/sql/30-function-privileges.sql}). One list for the posture rule that checks the
 * manifests' init SQL and for the privilege check the session asks the server after login, so the two can never
 * name different functions. The signatures are PostgreSQL 15's.
 *
 * @param group what the function does
 * @param name its name in {@code pg_catalog}
 * @param arguments its argument types as {@code regprocedure} prints them, comma-separated
 */
public record RevokedFunction(Group group, String name, String arguments) {

    /** What a group of functions would let a read-only operator do. */
    public enum Group {
        SIGNALLING("signal other sessions (cancel, terminate)"),
        ADVISORY_LOCKS("hold advisory locks applications wait for"),
        LARGE_OBJECTS("create, write and keep large objects"),
        NOTIFY("send notifications applications act on"),
        SERVER_FILES("read server files and directories");

        private final String risk;

        Group(String risk) {
            this.risk = risk;
        }

        /** What a caller could do with the group. */
        public String risk() {
            return risk;
        }
    }

    private static final List<RevokedFunction> ALL = build();

    /** Every function and signature, grouped as in the init SQL. */
    public static List<RevokedFunction> all() {
        return ALL;
    }

    /** The distinct names (all overloads of each are meant). */
    public static List<String> names() {
        return ALL.stream().map(RevokedFunction::name).distinct().toList();
    }

    /** {@code pg_catalog.name(arg, arg)}. */
    public String qualified() {
        return "pg_catalog." + name + "(" + arguments.replace(",", ", ") + ")";
    }

    /** The statement that takes it from PUBLIC. */
    public String revokeStatement() {
        return "REVOKE EXECUTE ON FUNCTION " + qualified() + " FROM PUBLIC;";
    }

    private static List<RevokedFunction> build() {
        var all = new ArrayList<RevokedFunction>();
        add(all, Group.SIGNALLING, "pg_cancel_backend(integer)", "pg_terminate_backend(integer,bigint)");
        for (String lock : List.of(
                "pg_advisory_lock",
                "pg_advisory_lock_shared",
                "pg_advisory_unlock",
                "pg_advisory_unlock_shared",
                "pg_advisory_xact_lock",
                "pg_advisory_xact_lock_shared",
                "pg_try_advisory_lock",
                "pg_try_advisory_lock_shared",
                "pg_try_advisory_xact_lock",
                "pg_try_advisory_xact_lock_shared")) {
            add(all, Group.ADVISORY_LOCKS, lock + "(bigint)", lock + "(integer,integer)");
        }
        add(all, Group.ADVISORY_LOCKS, "pg_advisory_unlock_all()");
        add(
                all,
                Group.LARGE_OBJECTS,
                "lo_open(oid,integer)",
                "lo_close(integer)",
                "loread(integer,integer)",
                "lowrite(integer,bytea)",
                "lo_lseek(integer,integer,integer)",
                "lo_lseek64(integer,bigint,integer)",
                "lo_tell(integer)",
                "lo_tell64(integer)",
                "lo_truncate(integer,integer)",
                "lo_truncate64(integer,bigint)",
                "lo_creat(integer)",
                "lo_create(oid)",
                "lo_unlink(oid)",
                "lo_from_bytea(oid,bytea)",
                "lo_get(oid)",
                "lo_get(oid,bigint,integer)",
                "lo_put(oid,bigint,bytea)");
        add(all, Group.NOTIFY, "pg_notify(text,text)");
        add(
                all,
                Group.SERVER_FILES,
                "lo_import(text)",
                "lo_import(text,oid)",
                "lo_export(oid,text)",
                "pg_read_file(text)",
                "pg_read_file(text,bigint,bigint)",
                "pg_read_file(text,bigint,bigint,boolean)",
                "pg_read_binary_file(text)",
                "pg_read_binary_file(text,bigint,bigint)",
                "pg_read_binary_file(text,bigint,bigint,boolean)",
                "pg_ls_dir(text)",
                "pg_ls_dir(text,boolean,boolean)",
                "pg_stat_file(text)",
                "pg_stat_file(text,boolean)",
                "pg_ls_logdir()",
                "pg_ls_waldir()",
                "pg_ls_tmpdir()",
                "pg_ls_tmpdir(oid)",
                "pg_ls_archive_statusdir()",
                "pg_ls_logicalsnapdir()",
                "pg_ls_logicalmapdir()",
                "pg_ls_replslotdir(text)");
        return Collections.unmodifiableList(all);
    }

    private static void add(List<RevokedFunction> all, Group group, String... signatures) {
        for (String signature : signatures) {
            int open = signature.indexOf('(');
            all.add(new RevokedFunction(
                    group, signature.substring(0, open), signature.substring(open + 1, signature.length() - 1)));
        }
    }
}
