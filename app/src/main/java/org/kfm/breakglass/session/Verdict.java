package org.kfm.breakglass.session;

/** The outcome of one preflight, posture or smoke check. FAIL blocks; WARN needs an acknowledgement. */
public enum Verdict {
    PASS, WARN, FAIL
}
