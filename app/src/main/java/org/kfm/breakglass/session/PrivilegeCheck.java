package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.check.CheckResult;

/**
 * After login, next to the PostGIS check: asks the server what the session's role may do that it should not
 * ({@link RolePrivilegeRule}s), through the session's audited statement path, and reports one {@code privileges}
 * line — PASS, or WARN naming every problem and the statement that fixes it. A WARN does not stop the session
 * (the console's gate still refuses what it recognises); it tells the operator and the auditor that the server
 * would not.
 */
final class PrivilegeCheck {
    private static final List<RolePrivilegeRule> RULES = List.of(new ExecutableSideEffectFunctions());

    private PrivilegeCheck() {}

    static CheckResult run(ConsoleQuery query, String role) throws SessionFailure {
        var problems = new ArrayList<String>();
        for (RolePrivilegeRule rule : RULES) {
            List<List<Object>> rows;
            try {
                rows = query.rows(rule.sql());
            } catch (SessionFailure e) {
                if (e.kind() != SessionFailure.Kind.SQL) {
                    throw e;
                }
                problems.add("could not ask the server (" + e.getMessage() + ")");
                continue;
            }
            rule.problem(rows, role).ifPresent(problems::add);
        }
        return problems.isEmpty()
                ? CheckResult.pass(
                        "privileges",
                        role + " cannot execute the signalling, advisory-lock, large-object, notify or server-file "
                                + "functions")
                : CheckResult.warn("privileges", String.join("; ", problems));
    }
}
