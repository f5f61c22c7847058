package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.check.Verdict;

/**
 * One thing the session's database role must not be able to do, asked of the server after login: a query, and
 * what its rows mean. No problem is a pass; a problem is a WARN (the console's transaction mode and statement gate
 * still hold) or, for what no gate can contain, a FAIL ({@link #verdict()}).
 */
sealed interface RolePrivilegeRule
        permits ExecutableSideEffectFunctions, SuperuserRole, RoleAttributes, DatabaseOwnership, TableWritePrivileges {

    /** A read-only query about {@code current_user}'s privileges. */
    String sql();

    /** What is wrong, with the statement that fixes it, when the query returned {@code rows}; empty to pass. */
    Optional<String> problem(List<List<Object>> rows, String role);

    /** How bad a problem this rule finds is. */
    default Verdict verdict() {
        return Verdict.WARN;
    }

    /** A boolean cell as pgjdbc and the console's decoder give it ({@code true}, {@code t}, a Boolean). */
    static boolean isTrue(Object value) {
        return value instanceof Boolean b
                ? b
                : "t".equals(String.valueOf(value)) || "true".equals(String.valueOf(value));
    }
}
