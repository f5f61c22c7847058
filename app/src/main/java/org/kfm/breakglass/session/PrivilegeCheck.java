package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;

/**
 * After login, next to the PostGIS check: asks the server what the session's role can really do
 * ({@link RolePrivilegeRule}s) through the session's audited statement path — the seed's "least privilege",
 * measured — and reports one {@code privileges} line. A superuser is a FAIL (the session does not open) unless the
 * policy allows it; a role that can write, own the database, create roles, bypass row-level security or execute
 * the revoked side-effect functions is a WARN that names the statement that fixes it: the session goes on, and
 * read-only then rests on the transaction mode and the statement gate, which the operator and the auditor are told.
 */
final class PrivilegeCheck {
    private PrivilegeCheck() {}

    static CheckResult run(ConsoleQuery query, String role, boolean allowSuperuser) throws SessionFailure {
        List<RolePrivilegeRule> rules = List.of(
                new SuperuserRole(allowSuperuser),
                new RoleAttributes(),
                new DatabaseOwnership(),
                new TableWritePrivileges(),
                new ExecutableSideEffectFunctions());
        var problems = new ArrayList<String>();
        Verdict worst = Verdict.PASS;
        for (RolePrivilegeRule rule : rules) {
            List<List<Object>> rows;
            try {
                rows = query.rows(rule.sql());
            } catch (SessionFailure e) {
                if (e.kind() != SessionFailure.Kind.SQL) {
                    throw e;
                }
                problems.add("could not ask the server (" + e.getMessage() + ")");
                worst = worst == Verdict.FAIL ? worst : Verdict.WARN;
                continue;
            }
            var problem = rule.problem(rows, role);
            if (problem.isPresent()) {
                problems.add(problem.get());
                if (rule.verdict() == Verdict.FAIL) {
                    worst = Verdict.FAIL;
                } else if (worst == Verdict.PASS) {
                    worst = Verdict.WARN;
                }
            }
        }
        return switch (worst) {
            case PASS ->
                CheckResult.pass(
                        "privileges",
                        role + " is no superuser, owns nothing, creates no roles, bypasses no row security, writes no"
                                + " table and cannot execute the signalling, advisory-lock, large-object, notify or"
                                + " server-file functions");
            case WARN -> CheckResult.warn("privileges", String.join("; ", problems));
            case FAIL -> CheckResult.fail("privileges", String.join("; ", problems));
        };
    }
}
