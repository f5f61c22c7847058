package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Repairs and reports what a crash or a damaged disk left behind, never silently, when a console opens the
 * journal:
 * <ul>
 *   <li>bytes after the last record of the last file that are not records (a torn write) are moved to
 *       {@code <file>.torn-<UTC timestamp>} and reported with {@code journal.torn};
 *   <li>a line anywhere else that is not a chain record (not JSON, not a record, not continuing the chain) is
 *       left in place and reported with {@code journal.damaged}, once;
 *   <li>every unsealed session whose console is gone (its {@link SessionLiveness} mark can be taken) gets
 *       {@code session.abandoned} (unless it ended) and its {@code journal.seal}; sessions other consoles are
 *       still running are left alone.
 * </ul>
 * The pass over the files runs first without the writer lock and is finished under it (see {@link JournalScan}).
 */
final class JournalRecovery {

    /** At most this many damaged lines are journaled one by one per opening; the rest are counted in one more. */
    static final int DAMAGE_EVENTS = 20;

    private static final System.Logger LOG = System.getLogger(JournalRecovery.class.getName());

    private final AuditJournal journal;
    private final Path dir;
    private final Clock clock;

    JournalRecovery(AuditJournal journal, Path dir, Clock clock) {
        this.journal = journal;
        this.dir = dir;
        this.clock = clock;
    }

    RecoveryReport run() throws IOException {
        var scan = JournalScan.over(JournalFiles.list(dir));
        try (var hold = journal.lock().hold()) {
            var files = JournalFiles.list(dir);
            if (!scan.resume(files)) {
                scan = JournalScan.over(files);
            }
            Optional<TornFragment> torn = Optional.empty();
            long tornLine = scan.tailLine();
            if (scan.tailFrom() >= 0) {
                journal.changedUnder(hold);
                torn = Optional.of(TornFragment.moveAside(scan.lastFile(), scan.tailFrom(), clock.instant()));
            }
            journal.resume(hold, scan.head(), scan.nextSeq(), scan.lastFile());
            var events = new ArrayList<JournalEntry>();
            if (torn.isPresent()) {
                var t = torn.get();
                var detail = "moved " + t.bytes() + " bytes of an incomplete last line of "
                        + t.from().getFileName() + " (line " + tornLine + ") to " + t.to().getFileName();
                LOG.log(System.Logger.Level.WARNING, "audit journal: " + detail);
                events.add(journal.appendHeld(hold, AuditJournal.tornEvent(detail)));
            }
            var damaged = reportDamage(hold, scan.unreportedDamage(), events);
            var abandoned = closeAbandoned(hold, scan, events);
            return new RecoveryReport(torn.map(TornFragment::to), abandoned, damaged, events);
        }
    }

    private List<String> reportDamage(JournalLock.Hold hold, List<JournalScan.Damage> damage, List<JournalEntry> events)
            throws IOException {
        var described = new ArrayList<String>();
        for (int i = 0; i < damage.size(); i++) {
            var d = damage.get(i);
            String detail;
            if (i < DAMAGE_EVENTS) {
                detail = d.where() + " is not a chain record (" + d.reason()
                        + "); it is left in place for the auditors, and audit verify reports it";
            } else {
                detail = (damage.size() - DAMAGE_EVENTS) + " more lines are not chain records, the first being "
                        + d.where() + "; run audit verify";
            }
            described.add(detail);
            LOG.log(System.Logger.Level.WARNING, "audit journal: " + detail);
            events.add(journal.appendHeld(
                    hold,
                    AuditEvent.unchained(
                            EventDraft.of(EventType.JOURNAL_DAMAGED).withDetail(detail),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)));
            if (i >= DAMAGE_EVENTS) {
                break;
            }
        }
        return described;
    }

    private List<UUID> closeAbandoned(JournalLock.Hold hold, JournalScan scan, List<JournalEntry> events)
            throws IOException {
        var abandoned = new ArrayList<UUID>();
        for (var open : scan.openSessions().values()) {
            var mark = SessionLiveness.takeIfAbandoned(dir, open.session());
            if (mark.isEmpty()) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "audit journal: session {0} is still running in another console",
                        open.session());
                continue;
            }
            try (var dead = mark.get()) {
                var context = contextOf(open);
                long count = open.nextEi();
                String lastHash = open.lastHash();
                if (!open.ended()) {
                    var draft = EventDraft.of(EventType.SESSION_ABANDONED)
                            .withDetail("session was still open when the audit journal was reopened; the console"
                                    + " ended without session.end");
                    var entry = journal.appendHeld(
                            hold,
                            AuditEvent.unchained(
                                    draft,
                                    open.session(),
                                    count,
                                    context.operator(),
                                    context.target(),
                                    context.ticket(),
                                    context.mode()));
                    events.add(entry);
                    abandoned.add(open.session());
                    lastHash = entry.event().hash();
                    count++;
                }
                events.add(journal.appendSeal(hold, context, count, lastHash));
                LOG.log(System.Logger.Level.WARNING, "audit journal: closed unfinished session {0}", open.session());
            }
        }
        return abandoned;
    }

    /** The session context (operator, target, ticket, mode) from its last line, or bare if that is unreadable. */
    private static AuditEvent contextOf(JournalScan.OpenSession open) {
        try {
            return CanonicalJson.parse(open.lastLine());
        } catch (IllegalArgumentException e) {
            return AuditEvent.unchained(
                    EventDraft.of(EventType.SESSION_ABANDONED), open.session(), null, null, null, null, null);
        }
    }
}
