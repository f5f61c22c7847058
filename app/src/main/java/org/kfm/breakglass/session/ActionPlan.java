package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;

/**
 * A privileged action made ready to run: the audit record it is journaled as (made durable before the effect)
 * and the effect itself. An action made only of other actions has no record of its own: each part is journaled
 * when it is performed.
 */
record ActionPlan<R>(EventDraft record, Effect<R> effect) {

    /** What the action does once its record is durable; outcomes it journals itself, after the fact. */
    @FunctionalInterface
    interface Effect<R> {
        R run() throws SessionFailure;
    }

    static <R> ActionPlan<R> journaled(EventDraft record, Effect<R> effect) {
        return new ActionPlan<>(java.util.Objects.requireNonNull(record, "record"), effect);
    }

    static <R> ActionPlan<R> byItsParts(Effect<R> effect) {
        return new ActionPlan<>(null, effect);
    }
}
