package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Objects;

/**
 * A default-deny ingress policy covers the PostGIS pods: it selects them, lists Ingress in its
 * policyTypes and has no ingress rule, so only explicit allow policies admit traffic.
 */
public final class DenyAllIngressRule implements PostureRule {
    @Override
    public String name() {
        return "deny-all-ingress";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        var pods = input.postgisWorkloads();
        if (pods.isEmpty()) {
            return PostureFinding.noPostgisPods(name());
        }
        var uncovered = pods.stream()
                .filter(pod -> input.networkPolicies().stream().noneMatch(p -> deniesAllTo(p, pod)))
                .map(Workload::describe)
                .toList();
        if (!uncovered.isEmpty()) {
            return PostureFinding.fail(
                    name(),
                    "no deny-all ingress NetworkPolicy (podSelector matching the pods,"
                            + " policyTypes [Ingress], no ingress rules) selects " + String.join(", ", uncovered));
        }
        var names = input.networkPolicies().stream()
                .filter(p -> pods.stream().anyMatch(pod -> deniesAllTo(p, pod)))
                .map(p -> p.getMetadata().getName())
                .distinct()
                .toList();
        return PostureFinding.pass(
                name(), "NetworkPolicy " + String.join(", ", names) + " denies all ingress to PostGIS");
    }

    static boolean deniesAllTo(NetworkPolicy policy, Workload pod) {
        var spec = policy.getSpec();
        if (spec == null
                || !sameNamespace(policy, pod)
                || !LabelMatch.selects(spec.getPodSelector(), pod.podLabels())) {
            return false;
        }
        var types = spec.getPolicyTypes();
        var coversIngress = types == null || types.isEmpty() || types.contains("Ingress");
        return coversIngress && (spec.getIngress() == null || spec.getIngress().isEmpty());
    }

    static boolean sameNamespace(NetworkPolicy policy, Workload pod) {
        var policyNs = policy.getMetadata().getNamespace();
        return policyNs == null || pod.namespace() == null || Objects.equals(policyNs, pod.namespace());
    }
}
