package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.SinkStatus;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.IdentityProbe;
import org.kfm.breakglass.kube.RbacProbe;
import org.kfm.breakglass.kube.ReadyPodProbe;
import org.kfm.breakglass.kube.TargetPostureProbe;
import org.kfm.breakglass.kube.TargetResolver;
import org.kfm.breakglass.kube.TlsVerificationProbe;
import org.kfm.breakglass.kube.WitnessProbe;

/**
 * The checks before the tunnel opens, in the order an operator reads them: who am I, may I, is the API server's
 * TLS verified, is the target shaped as the seed demands, is a pod Ready, can the audit trail record, is there an
 * off-machine witness that the operator cannot rewrite. Each result is reported as soon as it is known, so the GUI
 * can draw a live checklist. When the API server cannot be reached or trusted, the identity check says so and the
 * cluster checks are not attempted (each would only wait for the same failure); the outcome says so, and the
 * session reports a connection failure rather than a denial.
 */
final class PreflightRunner {
    /** The checks that ran, and whether the API server could not be reached (nothing else was tried then). */
    record Outcome(List<CheckResult> results, boolean serverUnreachable) {}

    private final SessionContext ctx;
    private final ClusterAccess access;
    private final AuditTrail trail;

    PreflightRunner(SessionContext ctx, ClusterAccess access, AuditTrail trail) {
        this.ctx = ctx;
        this.access = access;
        this.trail = trail;
    }

    Outcome run(Consumer<CheckResult> progress) {
        var results = new ArrayList<CheckResult>();
        Consumer<CheckResult> report = result -> {
            results.add(result);
            progress.accept(result);
        };
        var identity = new IdentityProbe(access).check();
        report.accept(identity.result());
        if (identity.serverUnreachable()) {
            return new Outcome(List.copyOf(results), true);
        }
        // The cluster checks are independent reads: they run at once, each on a virtual thread, so the session
        // waits for the slowest API round trip rather than their sum (a remote API server costs one round trip
        // each). Results are still reported, and journaled, in the fixed order above, whatever finishes first.
        try (var parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            var checks = new ArrayList<Future<List<CheckResult>>>();
            checks.add(parallel.submit(() -> List.of(new RbacProbe(access, ctx.namespace(), ctx.target()).run())));
            checks.add(parallel.submit(() -> List.of(new TlsVerificationProbe(access).run())));
            if (ctx.target().kind() == org.kfm.breakglass.kube.TargetRef.Kind.SERVICE) {
                checks.add(parallel.submit(() -> new TargetPostureProbe(access, ctx.namespace()).run()));
            }
            checks.add(parallel.submit(() -> List.of(new ReadyPodProbe(
                            new TargetResolver(access, ctx.policy().targets().conventions()),
                            ctx.namespace(),
                            ctx.target())
                    .run())));
            if (ctx.policy().sessionCredentials().perSession()) {
                checks.add(parallel.submit(() -> List.of(IssuerSecretCheck.run(ctx, access))));
            }
            checks.add(parallel.submit(() -> List.of(auditSinks())));
            checks.add(parallel.submit(() -> List.of(witness())));
            for (var check : checks) {
                joined(check).forEach(report);
            }
        }
        return new Outcome(List.copyOf(results), false);
    }

    /** A check's results; a check that threw (it should not: probes turn failures into FAILs) is a FAIL. */
    private static List<CheckResult> joined(Future<List<CheckResult>> check) {
        try {
            return check.get();
        } catch (ExecutionException e) {
            return List.of(CheckResult.fail("preflight", "a check failed unexpectedly: " + e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckResult.fail("preflight", "interrupted while the checks ran"));
        }
    }

    /**
     * The off-machine witness: the cluster witness's RBAC when the policy asks for one; otherwise a WARN unless a
     * remote sink keeps a copy, because a journal rewritten on this workstation could not be told from the real one.
     */
    private CheckResult witness() {
        var audit = ctx.policy().audit();
        if (audit.witness() != null) {
            return new WitnessProbe(access, ctx.namespace(), audit.witness().required()).run();
        }
        if (audit.hasRemoteCopy()) {
            return CheckResult.pass(
                    "witness", "no cluster witness; the remote audit sink's copy is the off-machine witness");
        }
        return CheckResult.warn(
                "witness",
                "no off-machine witness: the journal lives only on this workstation, so a rewritten or deleted"
                        + " journal cannot be detected; set audit.witness {kind: cluster} or a syslog/webhook sink in"
                        + " the policy (docs/policy.md)");
    }

    private CheckResult auditSinks() {
        List<SinkStatus> sinks = trail.sinkStatus();
        var down = sinks.stream().filter(s -> !s.healthy()).toList();
        var requiredDown = down.stream()
                .filter(s -> s.requirement() == org.kfm.breakglass.audit.SinkRequirement.REQUIRED)
                .toList();
        String journal = "journal " + trail.journalDirectory();
        if (!requiredDown.isEmpty()) {
            return CheckResult.fail(
                    "audit",
                    "required sink(s) down: " + names(requiredDown)
                            + " — no audit, no access; bring the sink back or fix the policy");
        }
        if (!down.isEmpty()) {
            return CheckResult.warn("audit", journal + "; best-effort sink(s) down: " + names(down));
        }
        return CheckResult.pass("audit", journal + (sinks.isEmpty() ? "" : " + " + names(sinks)));
    }

    private static String names(List<SinkStatus> sinks) {
        return String.join(", ", sinks.stream().map(SinkStatus::name).toList());
    }
}
