package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every ingress rule that admits traffic to PostGIS names its sources: namespaces by
 * {@code kubernetes.io/metadata.name}, or pods of the policy's own namespace. A rule without
 * {@code from}, an empty namespaceSelector or an ipBlock of the whole internet fails.
 */
public final class NamedNamespaceIngressRule implements PostureRule {
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    private static final Set<String> EVERYWHERE = Set.of("0.0.0.0/0", "::/0");

    @Override
    public String name() {
        return "named-namespace-ingress";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        var pods = input.postgisWorkloads();
        var failures = new ArrayList<String>();
        var warnings = new ArrayList<String>();
        var sources = new TreeSet<String>();
        for (var policy : input.networkPolicies()) {
            if (pods.stream().noneMatch(pod -> selects(policy, pod))
                    || policy.getSpec().getIngress() == null) {
                continue;
            }
            var ingress = policy.getSpec().getIngress();
            for (int i = 0; i < ingress.size(); i++) {
                var where = "NetworkPolicy " + policy.getMetadata().getName() + " ingress[" + i + "]";
                var from = ingress.get(i).getFrom();
                if (from == null || from.isEmpty()) {
                    failures.add(where + " has no from: it admits every source");
                    continue;
                }
                for (var peer : from) {
                    judgePeer(where, peer, policy, failures, warnings, sources);
                }
            }
        }
        if (!failures.isEmpty()) {
            return PostureFinding.fail(name(), String.join("; ", failures));
        }
        if (!warnings.isEmpty()) {
            return PostureFinding.warn(name(), String.join("; ", warnings));
        }
        if (sources.isEmpty()) {
            return PostureFinding.pass(name(), "no allow rule: nothing reaches PostGIS over the pod network");
        }
        return PostureFinding.pass(name(), "ingress only from " + String.join(", ", sources));
    }

    private static void judgePeer(
            String where,
            NetworkPolicyPeer peer,
            NetworkPolicy policy,
            List<String> failures,
            List<String> warnings,
            Set<String> sources) {
        if (peer.getIpBlock() != null) {
            var cidr = peer.getIpBlock().getCidr();
            if (EVERYWHERE.contains(cidr)) {
                failures.add(where + " admits ipBlock " + cidr + " (everywhere)");
            } else {
                warnings.add(where + " admits ipBlock " + cidr + ", not a named namespace");
            }
            return;
        }
        var namespaces = peer.getNamespaceSelector();
        if (namespaces == null) {
            // A podSelector alone means pods of the policy's own namespace.
            var ns = policy.getMetadata().getNamespace();
            sources.add("pods of " + (ns == null ? "its own namespace" : "namespace " + ns));
            return;
        }
        if (LabelMatch.isEmpty(namespaces)) {
            failures.add(where + " has an empty namespaceSelector: it admits every namespace");
            return;
        }
        var named = namedNamespaces(namespaces);
        if (named.isEmpty()) {
            warnings.add(where + " selects namespaces by labels " + namespaces.getMatchLabels() + ", not by "
                    + NAMESPACE_NAME_LABEL);
        } else {
            named.forEach(n -> sources.add("namespace " + n));
        }
    }

    private static List<String> namedNamespaces(LabelSelector selector) {
        var names = new ArrayList<String>();
        if (selector.getMatchLabels() != null && selector.getMatchLabels().containsKey(NAMESPACE_NAME_LABEL)) {
            names.add(selector.getMatchLabels().get(NAMESPACE_NAME_LABEL));
        }
        if (selector.getMatchExpressions() != null) {
            selector.getMatchExpressions().stream()
                    .filter(e -> NAMESPACE_NAME_LABEL.equals(e.getKey()) && "In".equals(e.getOperator()))
                    .forEach(e -> names.addAll(e.getValues()));
        }
        return names;
    }

    private static boolean selects(NetworkPolicy policy, Workload pod) {
        return policy.getSpec() != null
                && DenyAllIngressRule.sameNamespace(policy, pod)
                && LabelMatch.selects(policy.getSpec().getPodSelector(), pod.podLabels());
    }
}
