package org.kfm.breakglass.audit;

import java.util.List;

/**
 * The audit trail could not make an event durable where it must be: the local journal, or a required sink. The
 * action the event describes must not run. The message names what failed and what to do.
 */
public final class AuditUnavailableException extends Exception {

    private final List<String> failingSinks;
    private final boolean journaledLocally;

    AuditUnavailableException(String message, List<String> failingSinks, boolean journaledLocally, Throwable cause) {
        super(message, cause);
        this.failingSinks = List.copyOf(failingSinks);
        this.journaledLocally = journaledLocally;
    }

    /**
     * What failed: the required sinks that did not acknowledge, or {@code local journal <file>} when the local
     * journal itself could not record the event.
     */
    public List<String> failingSinks() {
        return failingSinks;
    }

    /** True when the event is in the local journal and only a remote copy is missing. */
    public boolean journaledLocally() {
        return journaledLocally;
    }
}
