package org.kfm.breakglass.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local, hash-chained journal: one JSON line per event, appended and {@code fsync}ed before {@link #append}
 * returns ({@link #appendSyncingLater}, for outcomes, fsyncs off the caller's thread and holds every later
 * append back until it is done). Files roll per UTC day and past a size limit; the chain continues across files.
 *
 * <p>Several consoles (processes, and several journals in one JVM) write one directory as one chain: each append
 * runs under the directory's {@link JournalLock} and re-reads the head first when another writer appended since
 * this one last did (docs/decisions/0009). A write that fails part-way (a full disk) is cut back to the last good
 * record before anything else is written; if even that fails, the journal refuses every event until it can.
 * Opening repairs a crash (see {@link JournalRecovery}).
 */
public final class AuditJournal implements Closeable {

    private static final System.Logger LOG = System.getLogger(AuditJournal.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private final Path dir;
    private final long maxFileBytes;
    private final Clock clock;
    private final Optional<SealSigner> signer;
    private final JournalLock lock;
    private final ChainHash chainHash = new ChainHash();
    /** Half of every token this writer leaves; with a counter, tokens are unique across writers. */
    private final String writerId = HEX.toHexDigits(ThreadLocalRandom.current().nextLong());

    private final List<JournalEntry> repairs = new ArrayList<>();

    private String head = ChainHash.GENESIS;
    private long nextSeq;
    /** The token this writer last saw or left in the lock file; null: re-read the head before the next append. */
    private String knownToken;

    private long tokenCounter;
    private final JournalFileCursor cursor;
    private Failure failure;
    private boolean closed;
    private RecoveryReport recovery;
    /** The fsync of the last record written by {@link #appendSyncingLater}, still running or not yet waited for. */
    private CompletableFuture<Void> pendingSync;
    /** Why this journal refuses every event: a deferred fsync failed. */
    private IOException poisoned;

    private ExecutorService syncThread;
    private DeferredFsync deferredFsync = JournalFileCursor.Syncer::sync;

    /** How a deferred fsync is done: the descriptor's own; tests put a failing one in (the kernel's EIO). */
    @FunctionalInterface
    interface DeferredFsync {
        void sync(JournalFileCursor.Syncer syncer) throws IOException;
    }

    /** A write that failed part-way and could not be cut back: what is left, and from where it must go. */
    private record Failure(Path file, long goodSize, String reason) {}

    private AuditJournal(Path dir, long maxFileBytes, Clock clock, Optional<SealSigner> signer, JournalLock lock) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        this.signer = signer;
        this.lock = lock;
        this.cursor = new JournalFileCursor(dir, maxFileBytes);
    }

    /**
     * Opens (creating if needed, {@code 0700}) the journal in {@code dir}, finds the head and repairs a crash.
     * Other consoles may have the same directory open.
     *
     * @throws IOException when the directory or the signing key cannot be used (the message says which and what to
     *                     do)
     */
    public static AuditJournal open(Path dir, long maxFileBytes, Clock clock, Optional<PrivateKey> signingKey)
            throws IOException {
        if (maxFileBytes < 4096) {
            throw new IllegalArgumentException(
                    "audit journal rotation size must be at least 4096 bytes, got " + maxFileBytes);
        }
        Optional<SealSigner> signer =
                signingKey.isPresent() ? Optional.of(SealSigner.of(signingKey.get())) : Optional.empty();
        PrivateFiles.createDirectories(dir);
        var lock = JournalLock.share(dir);
        var journal = new AuditJournal(dir, maxFileBytes, clock, signer, lock);
        try {
            journal.recovery = new JournalRecovery(journal, dir, clock).run();
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    JournalLock lock() {
        return lock;
    }

    /** A repair changed a file under {@code hold}: every other writer must re-read before its next append. */
    void changedUnder(JournalLock.Hold hold) throws IOException {
        hold.writeToken(nextToken());
        knownToken = null;
    }

    /** Takes over the state a scan found under {@code hold}: head, next seq and the file the next record goes to. */
    void resume(JournalLock.Hold hold, String newHead, long newNextSeq, Path lastFile) throws IOException {
        head = newHead;
        nextSeq = newNextSeq;
        cursor.adopt(lastFile);
        knownToken = hold.token();
    }

    /** What opening had to repair. */
    public RecoveryReport recovery() {
        return recovery;
    }

    public Path directory() {
        return dir;
    }

    /** The file the next record goes to, as far as this writer knows; for messages. */
    synchronized Path currentFile() {
        return cursor.file() != null ? cursor.file() : dir;
    }

    /** The public key of this journal's seal signatures (as recorded), when seals are signed. */
    Optional<String> sealKey() {
        return signer.map(SealSigner::publicKeyText);
    }

    /**
     * Chains, writes and fsyncs one event; returns only when it is durable.
     *
     * @param unchained an event without seq/id/time/prev/hash
     * @throws IOException naming the file when the event could not be made durable; nothing of it is left behind
     */
    public synchronized JournalEntry append(AuditEvent unchained) throws IOException {
        if (closed) {
            throw new IOException("audit journal " + dir + " is closed");
        }
        try (var hold = lock.hold()) {
            return appendHeld(hold, unchained);
        }
    }

    /**
     * Chains and writes one event describing something that already happened (a statement's outcome) and starts
     * its fsync off the caller's thread (docs/decisions/0027): the record is in the file (the page cache) when
     * this returns, so a crash of the console loses nothing; every later append, the seal and {@link #close} wait
     * for the fsync first, and a failed fsync makes this journal refuse every later event.
     *
     * @throws IOException as {@link #append}, when the event could not be written
     */
    synchronized JournalEntry appendSyncingLater(AuditEvent unchained) throws IOException {
        if (closed) {
            throw new IOException("audit journal " + dir + " is closed");
        }
        try (var hold = lock.hold()) {
            awaitPendingSync();
            return write(hold, unchained, false);
        }
    }

    /**
     * Waits for the fsync of the last record written by {@link #appendSyncingLater}; uninterruptible (an interrupt
     * must not let a later record overtake it). A failed fsync poisons the journal for good: after a failed
     * fsync the kernel may have dropped the pages and a retry would report success, so the record's durability
     * can no longer be known.
     */
    private void awaitPendingSync() throws IOException {
        if (pendingSync != null) {
            var sync = pendingSync;
            pendingSync = null;
            try {
                sync.join();
            } catch (CompletionException e) {
                var cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                poisoned = new IOException(
                        "the fsync of an earlier record of the audit journal " + currentFile() + " failed ("
                                + reason(cause) + "); its durability is unknown, so this journal refuses every"
                                + " further event: fix the disk, then restart the console (opening the journal"
                                + " checks and repairs its files)",
                        cause);
            }
        }
        if (poisoned != null) {
            throw poisoned;
        }
    }

    /** Records written to repair what another writer left (a torn tail) since the trail last asked. */
    synchronized List<JournalEntry> takeRepairs() {
        var taken = List.copyOf(repairs);
        repairs.clear();
        return taken;
    }

    /** {@link #append} for a caller that already holds the lock (recovery). */
    JournalEntry appendHeld(JournalLock.Hold hold, AuditEvent unchained) throws IOException {
        awaitPendingSync();
        return write(hold, unchained, true);
    }

    private JournalEntry write(JournalLock.Hold hold, AuditEvent unchained, boolean syncNow) throws IOException {
        if (failure != null) {
            cutBackOwnFailure(hold);
        }
        if (knownToken == null || !knownToken.equals(hold.token())) {
            refresh(hold);
        }
        return writeRecord(hold, unchained, syncNow);
    }

    private JournalEntry writeRecord(JournalLock.Hold hold, AuditEvent unchained, boolean syncNow) throws IOException {
        var time = clock.instant();
        var event = unchained.chained(nextSeq, UUID.randomUUID(), time, head);
        var hash = chainHash.of(head, CanonicalJson.write(event, false));
        event = event.withHash(hash);
        var line = CanonicalJson.write(event, true);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        cursor.select(LocalDate.ofInstant(time, ZoneOffset.UTC), bytes.length);
        // Before the journal: a writer that dies between the two still makes the others re-read the head.
        knownToken = hold.writeToken(nextToken());
        // Exact: nobody wrote the file since this writer's last append or re-read (the token says so), and whoever
        // cuts a file back (a repair) leaves a new token too.
        long good = cursor.size();
        try {
            if (syncNow) {
                cursor.writeDurably(bytes);
            } else {
                cursor.write(bytes);
            }
        } catch (IOException e) {
            throw cutBack(good, e);
        }
        if (!syncNow) {
            var syncer = cursor.syncer();
            var fsync = deferredFsync;
            pendingSync = CompletableFuture.runAsync(
                    () -> {
                        try {
                            fsync.sync(syncer);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    syncThread());
        }
        head = hash;
        nextSeq++;
        LOG.log(System.Logger.Level.DEBUG, "journaled seq {0} type {1}", event.seq(), event.type());
        return new JournalEntry(event, line, cursor.file());
    }

    private String nextToken() {
        return writerId + HEX.toHexDigits(++tokenCounter) + "\n";
    }

    /**
     * Another writer appended since this one last did: take the head from the end of the journal. A tail that is
     * not a record (its writer died mid-write) is moved aside and reported, as recovery would.
     */
    private void refresh(JournalLock.Hold hold) throws IOException {
        var files = JournalFiles.list(dir);
        var tail = JournalTail.read(files);
        head = tail.last() == null ? ChainHash.GENESIS : tail.last().hash();
        nextSeq = tail.last() == null ? 0 : tail.last().seq() + 1;
        Optional<TornFragment> torn = Optional.empty();
        if (tail.junkFrom() >= 0) {
            hold.writeToken(nextToken()); // before the cut, like a record: the others must re-read after it
            torn = Optional.of(TornFragment.moveAside(tail.lastFile(), tail.junkFrom(), clock.instant()));
        }
        cursor.adopt(tail.lastFile());
        knownToken = hold.token();
        if (torn.isPresent()) {
            var t = torn.get();
            var detail = "moved " + t.bytes() + " bytes after the last complete record of "
                    + t.from().getFileName()
                    + " (from byte " + t.offset() + ") to " + t.to().getFileName()
                    + ": a console stopped in the middle of a write";
            LOG.log(System.Logger.Level.WARNING, "audit journal: " + detail);
            repairs.add(writeRecord(hold, tornEvent(detail), true));
        }
    }

    static AuditEvent tornEvent(String detail) {
        return AuditEvent.unchained(
                EventDraft.of(EventType.JOURNAL_TORN).withDetail(detail), null, null, null, null, null, null);
    }

    /** A failed write may have left part of its line: cut the file back to the last good record. */
    private IOException cutBack(long good, IOException cause) {
        var file = cursor.file();
        try {
            truncate(file, good);
            cursor.cutTo(good);
            return new IOException(
                    "appending to the audit journal " + file + " failed (" + reason(cause)
                            + "); the incomplete record was removed and the journal is intact",
                    cause);
        } catch (IOException again) {
            failure = new Failure(file, good, reason(again));
            var e = new IOException(
                    "appending to the audit journal " + file + " failed (" + reason(cause)
                            + ") and the incomplete record after byte " + good + " could not be removed ("
                            + reason(again) + "); the journal refuses every event until it can be: free disk space"
                            + " or fix " + file + " (each new event retries the repair)",
                    cause);
            e.addSuppressed(again);
            return e;
        }
    }

    /** Retries the cut-back of this writer's own failed write, unless another writer has taken over the tail. */
    private void cutBackOwnFailure(JournalLock.Hold hold) throws IOException {
        if (knownToken == null || !knownToken.equals(hold.token())) {
            failure = null; // another writer came after it: its refresh moved the incomplete record aside
            return;
        }
        try {
            truncate(failure.file(), failure.goodSize());
            LOG.log(
                    System.Logger.Level.WARNING,
                    "audit journal: removed the incomplete record left in {0} after byte {1}",
                    failure.file(),
                    failure.goodSize());
            cursor.cutTo(failure.goodSize());
            failure = null;
        } catch (IOException e) {
            throw new IOException(
                    "the audit journal " + failure.file() + " still ends with an incomplete record after byte "
                            + failure.goodSize() + " that cannot be removed (" + reason(e) + ", first: "
                            + failure.reason() + "); no audit event can be written until it is: free disk space or fix"
                            + " the file, or restart the console (recovery moves the record aside)",
                    e);
        }
    }

    /** Cuts {@code file} back to {@code size} and makes that durable; RandomAccessFile, so an interrupt is harmless. */
    private static void truncate(Path file, long size) throws IOException {
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (raf.length() > size) {
                raf.setLength(size);
            }
            raf.getFD().sync();
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Writes the seal for a session whose last event had {@code lastHash} and which wrote {@code events} events. */
    JournalEntry appendSeal(JournalLock.Hold hold, AuditEvent context, long events, String lastHash)
            throws IOException {
        var draft = sealDraft(context.session(), events, lastHash);
        return appendHeld(
                hold,
                AuditEvent.unchained(
                        draft,
                        context.session(),
                        events,
                        context.operator(),
                        context.target(),
                        context.ticket(),
                        context.mode()));
    }

    /** The seal draft for a session: event count, head, and a signature (with its key) when seals are signed. */
    EventDraft sealDraft(UUID session, long events, String lastHash) {
        var seal = signer.map(s -> new Seal(events, lastHash, s.sign(session, events, lastHash), s.publicKeyText()))
                .orElseGet(() -> new Seal(events, lastHash, null));
        return EventDraft.of(EventType.JOURNAL_SEAL).withSeal(seal);
    }

    /** For tests: how the deferred fsyncs from now on are done. */
    synchronized void deferredFsyncBy(DeferredFsync fsync) {
        this.deferredFsync = fsync;
    }

    /** The one thread this journal's deferred fsyncs run on, started with the first one. */
    private Executor syncThread() {
        if (syncThread == null) {
            syncThread = Executors.newSingleThreadExecutor(r -> {
                var t = new Thread(r, "audit-journal-fsync");
                t.setDaemon(true);
                return t;
            });
        }
        return syncThread;
    }

    /** Waits for a deferred fsync first: a close must not return before the last record is durable. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            awaitPendingSync();
        } finally {
            if (syncThread != null) {
                syncThread.shutdown();
            }
            try {
                cursor.close();
            } finally {
                lock.unshare();
            }
        }
    }
}
