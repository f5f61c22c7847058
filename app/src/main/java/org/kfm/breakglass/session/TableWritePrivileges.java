package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;

/**
 * The role may INSERT, UPDATE, DELETE or TRUNCATE some table (or view, foreign table) in a schema it can use —
 * through a grant, PUBLIC or a membership; {@code has_table_privilege} counts all three. A reader needs none of
 * them: read-only then rests on the transaction mode and the statement gate.
 */
record TableWritePrivileges() implements RolePrivilegeRule {
    private static final int NAMED = 5;
    private static final String SQL = "SELECT format('%I.%I', n.nspname, c.relname), count(*) OVER ()"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'f')"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')"
            + " AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')"
            + " ORDER BY 1 LIMIT " + NAMED;

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public Optional<String> problem(List<List<Object>> rows, String role) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String count = String.valueOf(rows.get(0).get(1));
        var names = rows.stream().map(r -> String.valueOf(r.get(0))).toList();
        return Optional.of(role + " can write (INSERT/UPDATE/DELETE/TRUNCATE) " + count + " table(s) ("
                + String.join(", ", names) + (Long.parseLong(count) > names.size() ? ", …" : "")
                + "): read-only then rests on the transaction mode and the statement gate; REVOKE INSERT, UPDATE,"
                + " DELETE, TRUNCATE ON ALL TABLES IN SCHEMA … FROM " + role);
    }
}
