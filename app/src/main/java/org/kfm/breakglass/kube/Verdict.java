package org.kfm.breakglass.kube;

/** The outcome of one preflight check. */
public enum Verdict {
    /** Fine. */
    PASS,
    /** Works, but the operator should know (shown, audited, does not block). */
    WARN,
    /** Blocks the session until fixed. */
    FAIL
}
