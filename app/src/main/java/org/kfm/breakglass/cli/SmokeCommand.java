package org.kfm.breakglass.cli;

import java.util.concurrent.Callable;
import org.kfm.breakglass.check.CheckResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code breakglass smoke}: the seed's post-deploy checks through an audited session, one line each. */
@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        description = "Run the seed's smoke checks: SELECT version(), SELECT PostGIS_Full_Version(), pods ready, "
                + "service exists (exit 0 when all pass, 1 when one fails).")
public final class SmokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Option(names = "--ack-warnings", description = "Go on after preflight WARNs (they are journaled).")
    boolean acknowledgeWarnings;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return new SessionDriver(session, spec.commandLine().getErr()).run(acknowledgeWarnings, open -> {
            var results = open.smoke();
            results.forEach(r -> out.println(r.line()));
            out.flush();
            return CheckResult.anyFailed(results) ? 1 : 0;
        });
    }
}
