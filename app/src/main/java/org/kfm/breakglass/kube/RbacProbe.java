package org.kfm.breakglass.kube;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.check.CheckResult;

/**
 * Preflight: the operator may {@code create pods/portforward} and {@code list pods} in the namespace (FAIL when
 * not, naming each missing permission), and {@code get secrets} (WARN when not: the session can still prompt for
 * the database password, as the architecture asks).
 */
public final class RbacProbe implements PreflightProbe {

    private final ClusterAccess access;
    private final String namespace;

    public RbacProbe(ClusterAccess access, String namespace) {
        this.access = access;
        this.namespace = namespace;
    }

    @Override
    public String name() {
        return "rbac";
    }

    @Override
    public CheckResult run() {
        try {
            List<String> missing = new ArrayList<>();
            for (var verdict : List.of(
                    access.canI("create", "pods", "portforward", namespace),
                    access.canI("list", "pods", "", namespace))) {
                if (!verdict.allowed()) {
                    missing.add(verdict.permission());
                }
            }
            boolean secrets = access.canI("get", "secrets", "", namespace).allowed();
            if (!missing.isEmpty()) {
                if (!secrets) {
                    missing.add("get secrets");
                }
                return CheckResult.fail(
                        name(),
                        "missing RBAC permission(s) in namespace " + namespace + ": " + String.join(", ", missing)
                                + "; ask the cluster admin to bind the break-glass role");
            }
            if (!secrets) {
                return CheckResult.warn(
                        name(),
                        "missing RBAC permission 'get secrets' in namespace " + namespace
                                + ": the database password must be entered by hand");
            }
            return CheckResult.pass(name(), "may create pods/portforward, list pods and get secrets in " + namespace);
        } catch (KubeAccessException e) {
            return CheckResult.fail(name(), e.getMessage());
        }
    }
}
