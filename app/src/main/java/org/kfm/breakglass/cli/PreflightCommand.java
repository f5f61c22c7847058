package org.kfm.breakglass.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass preflight}: the checks a session runs before its tunnel opens, without opening it. The
 * session is journaled (start, preflight, end) like any other: asking is part of the trail.
 */
@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        description = "Run the preflight checks (identity, RBAC, TLS, target posture, Ready pod, audit) and stop "
                + "before the tunnel opens (exit 0 no FAIL, 3 a FAIL).")
public final class PreflightCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            var gateway =
                    SessionGateway.create(Optional.ofNullable(session.policy), Optional.ofNullable(session.auditDir));
            try (var started = gateway.start(
                    session.targetChoice(),
                    session.justification(gateway.rules().defaultDuration()))) {
                var results = started.preflight(result -> {
                    out.println(result.line());
                    out.flush();
                });
                return CheckResult.anyFailed(results) ? 3 : 0;
            }
        } catch (SessionFailure e) {
            err.println(SessionDriver.label(e.kind()) + ": " + e.getMessage());
            return e.kind().exitCode();
        } catch (IllegalArgumentException e) {
            err.println("usage: " + e.getMessage());
            return 2;
        }
    }
}
