package org.kfm.breakglass.audit;

import java.io.IOException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit fan-out, fail-closed: every event goes to the local journal (fsynced) and then, in order, to each
 * remote sink. An event counts as recorded only when the journal has it and every {@link SinkRequirement#REQUIRED}
 * sink acknowledged it. Sessions write through a {@link SessionRecorder} from {@link #beginSession}.
 */
public final class AuditTrail implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final AuditJournal journal;
    private final List<SinkChannel> channels;
    private final List<SessionRecorder> sessions = new ArrayList<>();

    private AuditTrail(AuditJournal journal, List<SinkChannel> channels) {
        this.journal = journal;
        this.channels = channels;
    }

    /**
     * Opens the journal (repairing a crash; other consoles may be writing the same directory) and binds the sinks.
     * Recovery events are offered to the sinks best-effort.
     *
     * @throws IOException when the journal directory or signing key cannot be used (message says what to do)
     */
    public static AuditTrail open(AuditSettings settings) throws IOException {
        Optional<PrivateKey> key = settings.signingKey().isPresent()
                ? Optional.of(SealKeys.readPrivateKey(settings.signingKey().get()))
                : Optional.empty();
        var journal = AuditJournal.open(settings.journalDir(), settings.rotateBytes(), settings.clock(), key);
        var channels = settings.sinks().stream().map(SinkChannel::new).toList();
        var trail = new AuditTrail(journal, channels);
        for (var entry : journal.recovery().events()) {
            trail.fanOut(entry);
        }
        return trail;
    }

    /**
     * Marks the session as running ({@link SessionLiveness}), journals {@code session.start} with the full
     * justification (and, when seals are signed, the public key that checks them) and returns the recorder for the
     * session. If a required sink does not acknowledge the start, the session is ended and sealed locally at once
     * and the exception is thrown: no session runs without its start on every required sink.
     */
    public SessionRecorder beginSession(
            UUID session, Operator operator, AuditTarget target, AuditJustification justification)
            throws AuditUnavailableException {
        SessionLiveness mark;
        try {
            mark = SessionLiveness.claim(journal.directory(), session);
        } catch (IOException e) {
            throw new AuditUnavailableException(
                    "the local audit journal in " + journal.directory() + " cannot mark session " + session
                            + " as running (" + e.getMessage() + "); the session was not started. Fix the"
                            + " directory's permissions or free disk space, then retry.",
                    List.of(localJournalName()),
                    false,
                    e);
        }
        var recorder = new SessionRecorder(
                this, session, operator, target, justification.ticket(), justification.mode(), mark);
        try {
            recorder.record(EventDraft.of(EventType.SESSION_START)
                    .withJustification(justification)
                    .withSealKey(journal.sealKey().orElse(null)));
        } catch (AuditUnavailableException e) {
            if (e.journaledLocally()) {
                recorder.endLocally("session refused: " + e.getMessage());
            } else {
                mark.close();
            }
            throw e;
        }
        synchronized (this) {
            sessions.add(recorder);
        }
        return recorder;
    }

    /**
     * Journals an event about a session that is already sealed — a {@code session.review}, or a
     * {@code session.reconciled} made after the fact — as an event of no session, with the person acting as its
     * operator. Fail-closed like a session's events: it returns only when the event is durable locally and every
     * required sink acknowledged it.
     *
     * @throws IllegalArgumentException for any other event type (session events go through a {@link SessionRecorder})
     */
    public JournalEntry recordAfterSession(EventDraft draft, Operator actor) throws AuditUnavailableException {
        if (draft.type() != EventType.SESSION_REVIEW && draft.type() != EventType.SESSION_RECONCILED) {
            throw new IllegalArgumentException("only session.review and session.reconciled are journaled outside a"
                    + " session, not " + draft.type());
        }
        var event = AuditEvent.unchained(draft, null, null, actor, null, null, null);
        return write(event, true, entry -> {});
    }

    /** How refusals name the local journal: the file the next record goes to. */
    private String localJournalName() {
        return "local journal " + journal.currentFile();
    }

    /** What opening the journal repaired (torn line, abandoned sessions). */
    public RecoveryReport recovery() {
        return journal.recovery();
    }

    public java.nio.file.Path journalDirectory() {
        return journal.directory();
    }

    /** Each sink's state, for the status bar. */
    public synchronized List<SinkStatus> sinkStatus() {
        return channels.stream().map(SinkChannel::status).toList();
    }

    /**
     * Journals an event and hands it to the sinks.
     *
     * @param requireSinks whether required sinks must acknowledge (false for {@code query.denied} and seals written
     *                     while a sink is already known to be down)
     * @throws AuditUnavailableException when the local journal failed (nothing recorded) or, with
     *                                   {@code requireSinks}, a required sink did not acknowledge (journaled locally)
     */
    synchronized JournalEntry write(AuditEvent unchained, boolean requireSinks, EntryListener listener)
            throws AuditUnavailableException {
        return write(unchained, requireSinks, false, listener);
    }

    /**
     * {@link #write(AuditEvent, boolean, EntryListener)} for a record of something that already happened (a
     * statement's outcome): its fsync runs off the caller's thread and every later record waits for it
     * (docs/decisions/0027).
     */
    synchronized JournalEntry writeOutcome(AuditEvent unchained, boolean requireSinks, EntryListener listener)
            throws AuditUnavailableException {
        return write(unchained, requireSinks, true, listener);
    }

    private JournalEntry write(AuditEvent unchained, boolean requireSinks, boolean syncLater, EntryListener listener)
            throws AuditUnavailableException {
        JournalEntry entry;
        try {
            entry = syncLater ? journal.appendSyncingLater(unchained) : journal.append(unchained);
        } catch (IOException e) {
            throw new AuditUnavailableException(
                    "the local audit journal could not record " + unchained.type() + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "; the action was not performed. Free disk"
                            + " space or fix the directory's permissions, then retry.",
                    List.of(localJournalName()),
                    false,
                    e);
        }
        listener.journaled(entry);
        for (var repair : journal.takeRepairs()) {
            fanOut(repair); // written before the entry, so the sinks get it first
        }
        var failed = fanOut(entry);
        if (requireSinks && !failed.isEmpty()) {
            var names = failed.stream().map(c -> c.binding().sink().name()).toList();
            var reasons = failed.stream()
                    .map(c -> c.binding().sink().name() + " (" + c.lastError() + ")")
                    .toList();
            throw new AuditUnavailableException(
                    "required audit sink " + String.join(", ", reasons)
                            + " did not acknowledge " + entry.event().type() + " seq "
                            + entry.event().seq()
                            + "; the action was not performed. The event is kept in the local journal and will be re-sent"
                            + " when the sink is back: restore it (or change the policy's audit sinks) and retry.",
                    names,
                    true,
                    null);
        }
        return entry;
    }

    /** The local journal, for tests in this package. */
    AuditJournal journal() {
        return journal;
    }

    EventDraft sealDraft(UUID session, long events, String lastHash) {
        return journal.sealDraft(session, events, lastHash);
    }

    /** Offers the entry to every sink; returns the required ones that did not acknowledge. */
    private List<SinkChannel> fanOut(JournalEntry entry) {
        var failed = new ArrayList<SinkChannel>();
        for (var channel : channels) {
            if (!channel.offer(entry.line()) && channel.binding().requirement() == SinkRequirement.REQUIRED) {
                failed.add(channel);
            }
        }
        return failed;
    }

    /** Required sinks still holding undelivered events. */
    synchronized List<String> requiredBacklog() {
        var names = new ArrayList<String>();
        for (var c : channels) {
            if (c.binding().requirement() == SinkRequirement.REQUIRED
                    && (!c.drain() || c.binding().sink().pending() > 0)) {
                names.add(c.binding().sink().name() + " (" + c.lastError() + ")");
            }
        }
        return names;
    }

    /** The session is sealed: the trail no longer has to give up its mark on close. */
    synchronized void sealed(SessionRecorder recorder) {
        sessions.remove(recorder);
    }

    /**
     * Closes the sinks and the journal. A session still open gives up its mark, so the next console to open the
     * journal closes it as abandoned.
     */
    @Override
    public void close() throws IOException {
        List<SessionRecorder> open;
        synchronized (this) {
            open = List.copyOf(sessions);
            sessions.clear();
        }
        // Outside the trail's lock: a recorder holds its own lock while it waits for the trail's.
        for (var s : open) {
            s.stopWithoutSeal();
        }
        closeSinksAndJournal();
    }

    private synchronized void closeSinksAndJournal() throws IOException {
        IOException first = null;
        for (var c : channels) {
            try {
                c.binding().sink().close();
            } catch (Exception e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "closing audit sink {0} failed: {1}",
                        c.binding().sink().name(),
                        e.getMessage());
                if (first == null) {
                    first = e instanceof IOException io ? io : new IOException(e);
                }
            }
        }
        journal.close();
        if (first != null) {
            throw first;
        }
    }

    /** Lets the recorder advance its ei/head as soon as the line is durable, even if a sink then fails. */
    @FunctionalInterface
    interface EntryListener {
        void journaled(JournalEntry entry);
    }
}
