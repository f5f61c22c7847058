package org.kfm.breakglass.audit;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The local, hash-chained journal: one JSON line per event, appended and {@code fsync}ed before
 * {@link #append} returns. Files roll per UTC day and past a size limit; the chain continues across files.
 * A lock file keeps a second console on the same directory out. Opening repairs a crash (see
 * {@link JournalRecovery}).
 */
public final class AuditJournal implements Closeable {

    private static final System.Logger LOG = System.getLogger(AuditJournal.class.getName());

    private final Path dir;
    private final long maxFileBytes;
    private final Clock clock;
    private final Optional<SealSigner> signer;
    private final JournalLock lock;
    private final ChainHash chainHash = new ChainHash();

    private String head;
    private long nextSeq;
    private LocalDate currentDay;
    private int currentIndex;
    /**
     * A stream, not a FileChannel: a FileChannel is closed for good when the writing thread is interrupted (a GUI
     * task cancelled, an executor shut down), and every later record would then fail: no audit, no access.
     */
    private FileOutputStream out;

    private Path currentFile;
    private long currentSize;
    private RecoveryReport recovery;

    private AuditJournal(Path dir, long maxFileBytes, Clock clock, Optional<SealSigner> signer, JournalLock lock) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        this.signer = signer;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}, takes its lock, finds the head and repairs a crash.
     *
     * @throws IOException when the directory cannot be used or another console holds the lock (the message says
     *                     which and what to do)
     */
    public static AuditJournal open(Path dir, long maxFileBytes, Clock clock, Optional<PrivateKey> signingKey)
            throws IOException {
        if (maxFileBytes < 4096) {
            throw new IllegalArgumentException(
                    "audit journal rotation size must be at least 4096 bytes, got " + maxFileBytes);
        }
        Files.createDirectories(dir);
        var lock = JournalLock.acquire(dir);
        var journal = new AuditJournal(dir, maxFileBytes, clock, signingKey.map(SealSigner::new), lock);
        try {
            journal.recovery = new JournalRecovery(journal, dir, clock).run();
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    void resume(JournalState state) {
        this.head = state.head();
        this.nextSeq = state.nextSeq();
    }

    /** What opening had to repair. */
    public RecoveryReport recovery() {
        return recovery;
    }

    public Path directory() {
        return dir;
    }

    /** Hash of the last durable event (64 zeros for an empty journal). */
    public synchronized String head() {
        return head;
    }

    /**
     * Chains, writes and fsyncs one event; returns only when it is durable.
     *
     * @param unchained an event without seq/id/time/prev/hash
     */
    public synchronized JournalEntry append(AuditEvent unchained) throws IOException {
        if (lock.released()) {
            throw new IOException("audit journal " + dir + " is closed");
        }
        var time = clock.instant();
        var event = unchained.chained(nextSeq, UUID.randomUUID(), time, head);
        var hash = chainHash.of(head, CanonicalJson.write(event, false));
        event = event.withHash(hash);
        var line = CanonicalJson.write(event, true);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        selectFile(LocalDate.ofInstant(time, ZoneOffset.UTC), bytes.length);
        out.write(bytes);
        out.getFD().sync();
        currentSize += bytes.length;
        head = hash;
        nextSeq++;
        LOG.log(System.Logger.Level.DEBUG, "journaled seq {0} type {1}", event.seq(), event.type());
        return new JournalEntry(event, line, currentFile);
    }

    /** Writes the seal for a session whose last event had {@code lastHash} and which wrote {@code events} events. */
    JournalEntry appendSeal(AuditEvent context, long events, String lastHash) throws IOException {
        var draft = sealDraft(context.session(), events, lastHash);
        return append(AuditEvent.unchained(
                draft,
                context.session(),
                events,
                context.operator(),
                context.target(),
                context.ticket(),
                context.mode()));
    }

    /** The seal draft for a session: event count, head, and a signature when a signing key is configured. */
    EventDraft sealDraft(UUID session, long events, String lastHash) {
        var signature = signer.map(s -> s.sign(session, events, lastHash)).orElse(null);
        return EventDraft.of(EventType.JOURNAL_SEAL).withSeal(new Seal(events, lastHash, signature));
    }

    private void selectFile(LocalDate day, int lineBytes) throws IOException {
        // Never step back a day (clock adjustments): file order is chain order.
        if (currentDay != null && day.isBefore(currentDay)) {
            day = currentDay;
        }
        if (!day.equals(currentDay)) {
            currentDay = day;
            currentIndex = highestIndex(day);
            openFile();
        }
        if (currentSize > 0 && currentSize + lineBytes > maxFileBytes) {
            currentIndex++;
            openFile();
        }
    }

    private int highestIndex(LocalDate day) throws IOException {
        int highest = 0;
        for (var f : JournalFiles.list(dir)) {
            var key = JournalFiles.key(f).orElseThrow();
            if (key.day().equals(day)) {
                highest = Math.max(highest, key.index());
            }
        }
        return highest;
    }

    private void openFile() throws IOException {
        if (out != null) {
            out.close();
        }
        currentFile = dir.resolve(JournalFiles.name(currentDay, currentIndex));
        boolean created = !Files.exists(currentFile);
        out = new FileOutputStream(currentFile.toFile(), true);
        currentSize = Files.size(currentFile);
        if (created) {
            syncDirectory(dir);
        }
    }

    /** Makes a new file's directory entry durable too (Linux/macOS; Windows cannot open directories). */
    static void syncDirectory(Path dir) {
        try (var d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "directory fsync not supported here: {0}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (out != null) {
                out.close();
            }
        } finally {
            lock.release();
        }
    }
}
