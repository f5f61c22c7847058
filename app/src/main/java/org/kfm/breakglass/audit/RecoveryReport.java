package org.kfm.breakglass.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What opening the journal had to repair or report: a torn tail moved aside (and where to), lines that are not
 * chain records found anywhere in the files (as journaled in {@code journal.damaged}), and the sessions found
 * open whose console was gone, closed with {@code session.abandoned} + seal. The recovery events themselves are
 * listed so the trail can forward them to remote sinks.
 */
public record RecoveryReport(
        Optional<Path> tornFragment,
        List<UUID> abandonedSessions,
        List<String> damagedLines,
        List<JournalEntry> events) {

    public RecoveryReport {
        abandonedSessions = List.copyOf(abandonedSessions);
        damagedLines = List.copyOf(damagedLines);
        events = List.copyOf(events);
    }

    /** A summary without record contents, safe for the diagnostic log. */
    @Override
    public String toString() {
        return "RecoveryReport[torn=" + tornFragment.map(Path::toString).orElse("none") + ", abandoned="
                + abandonedSessions + ", damagedLines=" + damagedLines.size() + ", recoveryEvents=" + events.size()
                + "]";
    }

    /** True when nothing had to be repaired or reported. */
    public boolean clean() {
        return tornFragment.isEmpty() && events.isEmpty();
    }
}
