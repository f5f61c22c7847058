package org.kfm.breakglass.kube;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.check.CheckResult;

/**
 * Preflight for the cluster witness, by {@code SelfSubjectAccessReview}: the operator must be able to
 * {@code create configmaps} in the namespace (FAIL when the witness is required, WARN when best-effort), and
 * should be able to {@code get}/{@code list} them (the console re-reads after a lost answer; the auditor lists
 * them). WARN when the operator can also {@code update}, {@code patch} or {@code delete} them: then the same
 * credentials that ran the session could rewrite its witness, and the witness proves nothing against them.
 */
public final class WitnessProbe implements PreflightProbe {

    private static final List<String> REWRITE_VERBS = List.of("update", "patch", "delete");

    private final ClusterAccess access;
    private final String namespace;
    private final boolean required;

    public WitnessProbe(ClusterAccess access, String namespace, boolean required) {
        this.access = access;
        this.namespace = namespace;
        this.required = required;
    }

    @Override
    public String name() {
        return "witness";
    }

    @Override
    public CheckResult run() {
        try {
            if (!access.canI("create", "configmaps", "", namespace).allowed()) {
                String reason = "cannot create the witness ConfigMaps in namespace " + namespace
                        + " (RBAC 'create configmaps' missing): ask the cluster admin to bind Role breakglass-witness"
                        + " (deploy/postgis/overlays/stage/rbac)";
                return required
                        ? CheckResult.fail(name(), reason + "; the policy requires the witness")
                        : CheckResult.warn(name(), reason + "; the session would have no cluster witness");
            }
            var rewrite = new ArrayList<String>();
            for (String verb : REWRITE_VERBS) {
                if (access.canI(verb, "configmaps", "", namespace).allowed()) {
                    rewrite.add(verb);
                }
            }
            if (!rewrite.isEmpty()) {
                return CheckResult.warn(
                        name(),
                        "you can also " + String.join("/", rewrite) + " ConfigMaps in namespace " + namespace
                                + ": the witness of this session could be rewritten with your own credentials, so it"
                                + " proves nothing against you; ask the cluster admin to grant only Role"
                                + " breakglass-witness (create, get, list) to break-glass operators");
            }
            var unreadable = new ArrayList<String>();
            for (String verb : List.of("get", "list")) {
                if (!access.canI(verb, "configmaps", "", namespace).allowed()) {
                    unreadable.add(verb);
                }
            }
            if (!unreadable.isEmpty()) {
                return CheckResult.warn(
                        name(),
                        "can create but not " + String.join("/", unreadable) + " ConfigMaps in namespace " + namespace
                                + ": a retried witness write cannot be confirmed and 'audit verify --witness cluster'"
                                + " needs get and list; bind Role breakglass-witness");
            }
            return CheckResult.pass(
                    name(), "witness ConfigMaps in " + namespace + " are create-only for you (no update/patch/delete)");
        } catch (KubeAccessException e) {
            return required ? CheckResult.fail(name(), e.getMessage()) : CheckResult.warn(name(), e.getMessage());
        }
    }
}
