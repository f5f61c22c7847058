package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;

/**
 * One thing the session's database role must not be able to do, asked of the server after login: a query, and
 * what its rows mean. The rows list what the role can do but should not; no rows is a pass. Issue 11 adds role
 * attributes (superuser, create role, bypass RLS) and table write privileges as further rules.
 */
sealed interface RolePrivilegeRule permits ExecutableSideEffectFunctions {

    /** A read-only query about {@code current_user}'s privileges. */
    String sql();

    /** What is wrong, with the statement that fixes it, when the query returned {@code rows}; empty to pass. */
    Optional<String> problem(List<List<Object>> rows, String role);
}
