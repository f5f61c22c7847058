package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kfm.breakglass.check.RevokedFunction;

/**
 * The role can execute none of the side-effect functions the seed revokes from PUBLIC ({@link RevokedFunction}):
 * every overload of each name in {@code pg_catalog}, asked with {@code has_function_privilege}, so a privilege
 * held through PUBLIC, a direct GRANT or a role membership all count. For each function found the problem names
 * the exact statement to run: {@code REVOKE … FROM PUBLIC} when PUBLIC holds it, else {@code REVOKE … FROM} the
 * role (or the role it inherits it from).
 */
final class ExecutableSideEffectFunctions implements RolePrivilegeRule {
    private static final String SQL = "SELECT p.oid::regprocedure::text AS function,"
            + " (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a"
            + " WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')) AS via_public"
            + " FROM pg_catalog.pg_proc p"
            + " WHERE p.pronamespace = 'pg_catalog'::regnamespace"
            + " AND p.proname = ANY ('{" + String.join(",", RevokedFunction.names()) + "}'::text[])"
            + " AND has_function_privilege(p.oid, 'EXECUTE')"
            + " ORDER BY 1";

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public Optional<String> problem(List<List<Object>> rows, String role) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var functions = rows.stream().map(r -> String.valueOf(r.get(0))).toList();
        String statements = rows.stream()
                .map(r -> "REVOKE EXECUTE ON FUNCTION pg_catalog." + r.get(0) + " FROM "
                        + (isTrue(r.get(1)) ? "PUBLIC" : role + " (or the role it inherits it from)") + ";")
                .collect(Collectors.joining(" "));
        return Optional.of(role + " can execute " + functions.size() + " side-effect function(s) the seed revokes ("
                + String.join(", ", functions) + "): the server does not back up the read-only gate for them; "
                + "as a superuser, in this database, run: " + statements
                + " (or re-run the postgis-init Job: deploy/postgis/base/sql/30-function-privileges.sql)");
    }

    private static boolean isTrue(Object value) {
        return RolePrivilegeRule.isTrue(value);
    }
}
