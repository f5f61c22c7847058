package org.kfm.breakglass.kube;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.kube.target.RouteNeed;
import org.kfm.breakglass.kube.target.RouteNeeds;

/**
 * Preflight: the operator may {@code create pods/portforward} and {@code list pods} in the namespace (FAIL when
 * not, naming each missing permission), and {@code get secrets} (WARN when not: the session can still prompt for
 * the database password, as the architecture asks). With a target, also what its route reads
 * ({@link RouteNeeds}: the Service, the EndpointSlices of a Service without a selector, the operator's custom
 * resource) — FAIL for what the route cannot do without, WARN for the rest.
 */
public final class RbacProbe implements PreflightProbe {

    private final ClusterAccess access;
    private final String namespace;
    private final TargetRef target;

    public RbacProbe(ClusterAccess access, String namespace) {
        this(access, namespace, null);
    }

    /** Also asks for what {@code target}'s route needs; {@code null}: the session's own permissions only. */
    public RbacProbe(ClusterAccess access, String namespace, TargetRef target) {
        this.access = access;
        this.namespace = namespace;
        this.target = target;
    }

    @Override
    public String name() {
        return "rbac";
    }

    @Override
    public CheckResult run() {
        try {
            List<String> missing = new ArrayList<>();
            List<String> lacking = new ArrayList<>();
            for (var verdict : List.of(
                    access.canI("create", "pods", "portforward", namespace),
                    access.canI("list", "pods", "", namespace))) {
                if (!verdict.allowed()) {
                    missing.add(verdict.permission());
                }
            }
            List<RouteNeed> needs = target == null ? List.of() : RouteNeeds.of(access, namespace, target);
            for (RouteNeed need : needs) {
                if (!access.canI(need.verb(), need.group(), need.resource(), "", namespace)
                        .allowed()) {
                    (need.required() ? missing : lacking).add(need.permission() + " (to " + need.why() + ")");
                }
            }
            boolean secrets = access.canI("get", "secrets", "", namespace).allowed();
            if (!missing.isEmpty()) {
                if (!secrets) {
                    missing.add("get secrets");
                }
                missing.addAll(lacking);
                return CheckResult.fail(
                        name(),
                        "missing RBAC permission(s) in namespace " + namespace + ": " + String.join(", ", missing)
                                + "; ask the cluster admin to bind the break-glass role");
            }
            if (!secrets) {
                lacking.add(0, "get secrets (the database password must be entered by hand)");
            }
            if (!lacking.isEmpty()) {
                return CheckResult.warn(
                        name(),
                        "missing RBAC permission(s) in namespace " + namespace + ": " + String.join(", ", lacking));
            }
            String extra = needs.isEmpty()
                    ? ""
                    : ", "
                            + String.join(
                                    ", ",
                                    needs.stream().map(RouteNeed::permission).toList());
            return CheckResult.pass(
                    name(), "may create pods/portforward, list pods, get secrets" + extra + " in " + namespace);
        } catch (KubeAccessException e) {
            return CheckResult.fail(name(), e.getMessage());
        }
    }
}
