package org.kfm.breakglass.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What opening the journal had to repair: a torn last line moved aside (and where to), and the sessions that were
 * found open and were closed with {@code session.abandoned} + seal. The recovery events themselves are listed
 * so the trail can forward them to remote sinks.
 */
public record RecoveryReport(Optional<Path> tornFragment, List<UUID> abandonedSessions, List<JournalEntry> events) {

    public RecoveryReport {
        abandonedSessions = List.copyOf(abandonedSessions);
        events = List.copyOf(events);
    }

    /** A summary without record contents, safe for the diagnostic log. */
    @Override
    public String toString() {
        return "RecoveryReport[torn=" + tornFragment.map(Path::toString).orElse("none") + ", abandoned="
                + abandonedSessions + ", recoveryEvents=" + events.size() + "]";
    }

    /** True when nothing had to be repaired. */
    public boolean clean() {
        return tornFragment.isEmpty() && events.isEmpty();
    }
}
