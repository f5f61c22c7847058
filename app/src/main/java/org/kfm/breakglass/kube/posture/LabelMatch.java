package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Kubernetes label-selector semantics (matchLabels AND matchExpressions), for NetworkPolicies. */
final class LabelMatch {
    private LabelMatch() {}

    /** True when the selector selects a pod with these labels; an empty selector selects every pod. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        var matchLabels = selector.getMatchLabels() == null ? Map.<String, String>of() : selector.getMatchLabels();
        if (!labels.entrySet().containsAll(matchLabels.entrySet())) {
            return false;
        }
        var expressions = selector.getMatchExpressions() == null
                ? List.<LabelSelectorRequirement>of()
                : selector.getMatchExpressions();
        return expressions.stream().allMatch(e -> satisfies(e, labels));
    }

    /** True when the selector has neither matchLabels nor matchExpressions (it selects everything). */
    static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || ((selector.getMatchLabels() == null
                                || selector.getMatchLabels().isEmpty())
                        && (selector.getMatchExpressions() == null
                                || selector.getMatchExpressions().isEmpty()));
    }

    private static boolean satisfies(LabelSelectorRequirement requirement, Map<String, String> labels) {
        var value = labels.get(requirement.getKey());
        var values = requirement.getValues() == null ? List.<String>of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
