package org.kfm.breakglass.kube.posture;

import java.util.List;

/**
 * The posture rules in report order. One list serves {@code breakglass posture --manifests},
 * {@code --live} and the session preflight, so the three can never disagree.
 */
public final class PostureRulebook {
    private static final List<PostureRule> RULES = List.of(
            new ServiceExposureRule(),
            new DenyAllIngressRule(),
            new NamedNamespaceIngressRule(),
            new ContainerResourcesRule(),
            new NoPlaintextSecretRule(),
            new ClaimStorageRule(),
            new NamedPostgresPortRule(),
            new FunctionPrivilegesRule());

    private PostureRulebook() {}

    /** Every rule, in the order reports list them. */
    public static List<PostureRule> rules() {
        return RULES;
    }

    /** One finding per rule, in rule order. */
    public static List<PostureFinding> evaluate(PostureInput input) {
        return RULES.stream().map(rule -> rule.evaluate(input)).toList();
    }
}
