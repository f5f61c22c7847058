package org.kfm.breakglass.kube.posture;

/**
 * One posture rule. Rules are pure functions of a {@link PostureInput}, so the same rule judges a
 * rendered manifest and a live namespace alike.
 */
public interface PostureRule {

    /** The stable identifier printed in reports, e.g. {@code deny-all-ingress}. */
    String name();

    /** Judges the input; always exactly one finding, whose rule is {@link #name()}. */
    PostureFinding evaluate(PostureInput input);
}
