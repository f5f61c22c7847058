package org.kfm.breakglass.kube;

/**
 * A tunnel state change, for the UI and for the audit records {@code tunnel.open|drop|reconnect|close}.
 *
 * @param state  the new state
 * @param pod    the pod name concerned (the new one on OPEN), empty when none is resolved
 * @param oldUid the UID of the pod forwarded to before, empty when none
 * @param newUid the UID of the pod forwarded to now, empty when none
 * @param reason why the state changed, in words for the operator
 */
public record TunnelEvent(TunnelState state, String pod, String oldUid, String newUid, String reason) {

    public TunnelEvent {
        pod = pod == null ? "" : pod;
        oldUid = oldUid == null ? "" : oldUid;
        newUid = newUid == null ? "" : newUid;
        reason = reason == null ? "" : reason;
    }

    /** Whether the event reports a different pod instance than before (a replaced pod). */
    public boolean podReplaced() {
        return !oldUid.isEmpty() && !newUid.isEmpty() && !oldUid.equals(newUid);
    }
}
