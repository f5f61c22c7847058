package org.kfm.breakglass.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kfm.breakglass.check.CheckResult;

/**
 * Preflight for the cluster witness, by {@code SelfSubjectAccessReview}: the operator must be able to
 * {@code create configmaps} in the namespace (FAIL when the witness is required, WARN when best-effort), and
 * should be able to {@code get}/{@code list} them (the console re-reads after a lost answer; the auditor lists
 * them). WARN when the operator can also {@code update}, {@code patch} or {@code delete} them: then the same
 * credentials that ran the session could rewrite its witness, and the witness proves nothing against them.
 *
 * <p>The six reviews are independent questions: they are asked at once, so the probe costs one API round trip, not
 * six, and the verdict is judged from the answers in the same order as before.
 */
public final class WitnessProbe implements PreflightProbe {

    private static final List<String> REWRITE_VERBS = List.of("update", "patch", "delete");
    private static final List<String> READ_VERBS = List.of("get", "list");

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
            Map<String, Boolean> allowed = askAtOnce();
            if (!allowed.get("create")) {
                String reason = "cannot create the witness ConfigMaps in namespace " + namespace
                        + " (RBAC 'create configmaps' missing): ask the cluster admin to bind Role breakglass-witness"
                        + " (deploy/postgis/overlays/stage/rbac)";
                return required
                        ? CheckResult.fail(name(), reason + "; the policy requires the witness")
                        : CheckResult.warn(name(), reason + "; the session would have no cluster witness");
            }
            var rewrite = new ArrayList<String>();
            for (String verb : REWRITE_VERBS) {
                if (allowed.get(verb)) {
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
            for (String verb : READ_VERBS) {
                if (!allowed.get(verb)) {
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

    /** Each verb's answer on ConfigMaps in the namespace, every review sent before any answer is awaited. */
    private Map<String, Boolean> askAtOnce() {
        var verbs = new ArrayList<String>();
        verbs.add("create");
        verbs.addAll(REWRITE_VERBS);
        verbs.addAll(READ_VERBS);
        try (var parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = new LinkedHashMap<String, Future<RbacVerdict>>();
            for (String verb : verbs) {
                answers.put(verb, parallel.submit(() -> access.canI(verb, "configmaps", "", namespace)));
            }
            var allowed = new LinkedHashMap<String, Boolean>();
            for (var answer : answers.entrySet()) {
                allowed.put(answer.getKey(), joined(answer.getValue()).allowed());
            }
            return allowed;
        }
    }

    /** The review's verdict; the API's refusal or failure surfaces as the {@link KubeAccessException} it was. */
    private static RbacVerdict joined(Future<RbacVerdict> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubeAccessException refused) {
                throw refused;
            }
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeAccessException("interrupted while asking the API server about ConfigMaps");
        }
    }
}
