package org.kfm.breakglass.audit;

/**
 * The justification as journaled on {@code session.start}, {@code session.elevate} and {@code session.extend}:
 * free-text reason, ticket, requested duration and access mode (wire values {@code read-only}/{@code read-write}).
 */
public record AuditJustification(String reason, String ticket, Long durationSeconds, String mode) {}
