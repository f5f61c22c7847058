package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.check.Verdict;

/**
 * The role is a superuser ({@code rolsuper}): it can leave any transaction mode ({@code SET SESSION
 * CHARACTERISTICS}, {@code COPY … TO PROGRAM}, {@code ALTER SYSTEM}), so no client-side gate contains it. A FAIL —
 * the session does not open — unless the policy says {@code targets.allowSuperuser: true}, then a WARN.
 */
record SuperuserRole(boolean allowed) implements RolePrivilegeRule {
    private static final String SQL = "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user";

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public Verdict verdict() {
        return allowed ? Verdict.WARN : Verdict.FAIL;
    }

    @Override
    public Optional<String> problem(List<List<Object>> rows, String role) {
        if (rows.isEmpty() || !RolePrivilegeRule.isTrue(rows.get(0).get(0))) {
            return Optional.empty();
        }
        return Optional.of(role + " is a superuser: nothing but the console's statement gate stands between it and"
                + " any change to the server"
                + (allowed
                        ? " (the policy allows superusers: targets.allowSuperuser)"
                        : "; use a least-privilege role's Secret, or set targets.allowSuperuser: true in the policy"));
    }
}
