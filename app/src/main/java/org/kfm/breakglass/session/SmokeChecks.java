package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.ReadyPodProbe;
import org.kfm.breakglass.kube.ServiceProbe;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetResolver;

/**
 * The seed's post-deploy smoke checks, in its order: {@code SELECT version();}, {@code SELECT
 * PostGIS_Full_Version();}, pods ready, service exists. The two statements go through the audited path like any
 * other statement, admitted by the gate as read-only statements.
 */
final class SmokeChecks {
    private final SessionContext ctx;
    private final ClusterAccess access;
    private final ConsoleQuery readOnly;

    /** @param readOnly runs a statement as a read-only session would: through the gate, journaled */
    SmokeChecks(SessionContext ctx, ClusterAccess access, ConsoleQuery readOnly) {
        this.ctx = ctx;
        this.access = access;
        this.readOnly = readOnly;
    }

    List<CheckResult> run() {
        var results = new ArrayList<CheckResult>();
        results.add(scalar("SELECT version();", "version()"));
        results.add(scalar("SELECT PostGIS_Full_Version();", "PostGIS_Full_Version()"));
        results.add(new ReadyPodProbe(new TargetResolver(access), ctx.namespace(), ctx.target()).run());
        if (ctx.target().kind() == TargetRef.Kind.SERVICE) {
            results.add(new ServiceProbe(access, ctx.namespace(), ctx.target().name()).run());
        } else {
            results.add(CheckResult.warn("service exists", "the target is a pod, not a Service: nothing to check"));
        }
        return results;
    }

    private CheckResult scalar(String sql, String name) {
        try {
            var rows = readOnly.rows(sql);
            Object value =
                    rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
            return value == null
                    ? CheckResult.fail(name, "returned no value")
                    : CheckResult.pass(name, firstLine(value.toString()));
        } catch (SessionFailure e) {
            return CheckResult.fail(name, e.getMessage());
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
