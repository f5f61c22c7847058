package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;

/**
 * Repairs what a crash leaves behind, never silently: a torn last line (no newline, or not a parsable record)
 * is moved to {@code <file>.torn-<UTC timestamp>} and reported with a {@code journal.torn} event; every session
 * with no {@code session.end}/{@code session.abandoned} gets {@code session.abandoned}, and every unsealed
 * session a {@code journal.seal}.
 */
final class JournalRecovery {

    private static final System.Logger LOG = System.getLogger(JournalRecovery.class.getName());
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final AuditJournal journal;
    private final Path dir;
    private final java.time.Clock clock;

    JournalRecovery(AuditJournal journal, Path dir, java.time.Clock clock) {
        this.journal = journal;
        this.dir = dir;
        this.clock = clock;
    }

    RecoveryReport run() throws IOException {
        var files = JournalFiles.list(dir);
        Optional<TornTail> torn = files.isEmpty() ? Optional.empty() : moveTornTail(files.getLast());
        var state = JournalState.scan(files);
        journal.resume(state);
        var events = new ArrayList<JournalEntry>();
        if (torn.isPresent()) {
            var t = torn.get();
            var detail = "moved " + t.bytes() + " bytes of an incomplete last line of "
                    + t.from().getFileName() + " (line " + t.line() + ") to " + t.to().getFileName();
            LOG.log(System.Logger.Level.WARNING, "audit journal: " + detail);
            events.add(journal.append(AuditEvent.unchained(
                    EventDraft.of(EventType.JOURNAL_TORN).withDetail(detail), null, null, null, null, null, null)));
        }
        var abandoned = new ArrayList<UUID>();
        for (var open : state.openSessions().values()) {
            var context = contextOf(open);
            long events1 = open.nextEi();
            String lastHash = open.lastHash();
            if (!open.ended()) {
                var draft = EventDraft.of(EventType.SESSION_ABANDONED)
                        .withDetail(
                                "session was still open when the audit journal was reopened; the console ended without"
                                        + " session.end");
                var entry = journal.append(AuditEvent.unchained(
                        draft,
                        open.session(),
                        events1,
                        context.operator(),
                        context.target(),
                        context.ticket(),
                        context.mode()));
                events.add(entry);
                abandoned.add(open.session());
                lastHash = entry.event().hash();
                events1++;
            }
            events.add(journal.appendSeal(context, events1, lastHash));
            LOG.log(System.Logger.Level.WARNING, "audit journal: closed unfinished session {0}", open.session());
        }
        return new RecoveryReport(torn.map(TornTail::to), abandoned, events);
    }

    /** The session context (operator, target, ticket, mode) from its last line, or bare if that is unreadable. */
    private static AuditEvent contextOf(JournalState.OpenSession open) {
        try {
            return CanonicalJson.parse(open.lastLine());
        } catch (IllegalArgumentException e) {
            return AuditEvent.unchained(
                    EventDraft.of(EventType.SESSION_ABANDONED), open.session(), null, null, null, null, null);
        }
    }

    private Optional<TornTail> moveTornTail(Path file) throws IOException {
        long tornAt = -1;
        long tornLine = 0;
        try (var lines = new LineSource(file)) {
            while (lines.next()) {
                boolean complete = lines.newlineTerminated();
                if (complete) {
                    try {
                        LineScanner.scan(lines.buffer(), lines.length());
                        tornAt = -1;
                        continue;
                    } catch (IllegalArgumentException e) {
                        complete = false;
                    }
                }
                // Remember it; it only counts as torn if nothing follows it.
                tornAt = lines.lineStart();
                tornLine = lines.lineNumber();
            }
        }
        if (tornAt < 0) {
            return Optional.empty();
        }
        var target = file.resolveSibling(file.getFileName() + ".torn-" + STAMP.format(clock.instant()));
        try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            var fragment = ByteBuffer.allocate((int) (size - tornAt));
            ch.read(fragment, tornAt);
            fragment.flip();
            try (var out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (fragment.hasRemaining()) {
                    out.write(fragment);
                }
                out.force(true);
            }
            AuditJournal.syncDirectory(dir);
            ch.truncate(tornAt);
            ch.force(true);
            return Optional.of(new TornTail(file, target, size - tornAt, tornLine));
        }
    }

    private record TornTail(Path from, Path to, long bytes, long line) {}
}
