package org.kfm.breakglass.audit;

/** The payload of {@code tunnel.*} events: which pod, its UID before/after a reconnect, and why. */
public record TunnelChange(String pod, String oldPodUid, String newPodUid, String reason) {}
