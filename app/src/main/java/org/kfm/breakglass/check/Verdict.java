package org.kfm.breakglass.check;

/** The outcome of one preflight, posture or smoke check. FAIL blocks; WARN needs an acknowledgement. */
public enum Verdict {
    PASS,
    WARN,
    FAIL
}
