package org.kfm.breakglass.audit;

import java.util.Objects;

/** A sink together with whether the trail requires it. */
public record SinkBinding(AuditSink sink, SinkRequirement requirement) {

    public SinkBinding {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(requirement, "requirement");
    }

    public static SinkBinding required(AuditSink sink) {
        return new SinkBinding(sink, SinkRequirement.REQUIRED);
    }

    public static SinkBinding bestEffort(AuditSink sink) {
        return new SinkBinding(sink, SinkRequirement.BEST_EFFORT);
    }
}
