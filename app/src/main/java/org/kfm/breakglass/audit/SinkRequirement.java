package org.kfm.breakglass.audit;

/** Whether a sink must acknowledge an event before the action it describes may run. */
public enum SinkRequirement {
    /** Fail closed: a missing acknowledgement blocks the action ({@link AuditUnavailableException}). */
    REQUIRED,
    /** Failures are logged and the event is re-sent later; the action proceeds. */
    BEST_EFFORT
}
