package org.kfm.breakglass.ui.port;

import java.time.Instant;

/** One journal line as the audit viewer shows it: seq, time, event type and a one-line summary (no secrets). */
public record AuditLine(long seq, Instant time, String type, String summary) {}
