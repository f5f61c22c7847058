package org.kfm.breakglass.audit;

/** A sink's state for display: its name, whether required, whether healthy, and how many events await re-sending. */
public record SinkStatus(String name, SinkRequirement requirement, boolean healthy, int backlog) {}
