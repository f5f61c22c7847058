package org.kfm.breakglass.session;

import java.time.Instant;

/** One event of this session's journal, as the audit viewer lists it. */
public record JournalLine(long seq, Instant time, String type, String summary) {}
