package org.kfm.breakglass.kube.posture;

/** The outcome of one posture rule: a FAIL makes {@code breakglass posture} exit 1. */
public enum Verdict {
    PASS,
    WARN,
    FAIL
}
