package org.kfm.breakglass.audit;

import java.nio.file.Path;

/** An event as it was made durable: the chained event, its exact line (without newline) and the file holding it. */
public record JournalEntry(AuditEvent event, String line, Path file) {}
