package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The role may create roles ({@code rolcreaterole}: it can grant itself membership of others) or bypasses
 * row-level security ({@code rolbypassrls}: it reads rows the policies hide). Either is more than a read-only
 * console needs.
 */
record RoleAttributes() implements RolePrivilegeRule {
    private static final String SQL =
            "SELECT rolcreaterole, rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = current_user";

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public Optional<String> problem(List<List<Object>> rows, String role) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var found = new ArrayList<String>();
        if (RolePrivilegeRule.isTrue(rows.get(0).get(0))) {
            found.add("CREATEROLE");
        }
        if (RolePrivilegeRule.isTrue(rows.get(0).get(1))) {
            found.add("BYPASSRLS");
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(role + " has " + String.join(" and ", found) + ": run ALTER ROLE " + role + " "
                + String.join(" ", found.stream().map(a -> "NO" + a).toList()) + ";");
    }
}
