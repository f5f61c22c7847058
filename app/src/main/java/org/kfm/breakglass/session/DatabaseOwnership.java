package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;

/**
 * The role owns the database, or is a member of its owner: it can drop or alter it and create schemas, whatever
 * it was granted. Read-only then rests on the transaction mode and the statement gate.
 */
record DatabaseOwnership() implements RolePrivilegeRule {
    private static final String SQL = "SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba)"
            + " FROM pg_catalog.pg_database d WHERE d.datname = current_database()"
            + " AND pg_catalog.pg_has_role(current_user, d.datdba, 'MEMBER')";

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public Optional<String> problem(List<List<Object>> rows, String role) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String owner = String.valueOf(rows.get(0).get(1));
        return Optional.of(role + (owner.equals(role) ? " owns" : " is a member of " + owner + ", the owner of")
                + " database " + rows.get(0).get(0) + ": read-only then rests on the transaction mode and the "
                + "statement gate; use a role that owns nothing");
    }
}
