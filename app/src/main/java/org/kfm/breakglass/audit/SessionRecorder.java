package org.kfm.breakglass.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Records one break-glass session: stamps every event with the session id, its per-session index {@code ei}
 * (from 0, so a gap shows a lost event), operator, target, ticket and mode. Each method returns only when the
 * event is durable in the local journal and acknowledged by every required sink; otherwise it throws
 * {@link AuditUnavailableException} and the caller must not perform the action. The exception is an outcome
 * ({@link #queryEnd}, {@link #queryFailed}): it is written when the method returns and made durable before the
 * session's next record is written (docs/decisions/0027).
 *
 * <p>An outcome ({@code query.end}, {@code query.failed}) describes what already happened, so it is never dropped:
 * when the local journal cannot take it (a full disk), it is kept and written before the session's next event,
 * which is refused if it still cannot be.
 */
public final class SessionRecorder {

    private final AuditTrail trail;
    private final SessionLiveness mark;
    private final Deque<EventDraft> unwrittenOutcomes = new ArrayDeque<>();
    private final UUID session;
    private final Operator operator;
    private AuditTarget target;
    private final String ticket;
    private String mode;
    private long nextEi;
    private String lastHash;
    private boolean ended;

    SessionRecorder(
            AuditTrail trail,
            UUID session,
            Operator operator,
            AuditTarget target,
            String ticket,
            String mode,
            SessionLiveness mark) {
        this.trail = trail;
        this.mark = mark;
        this.session = session;
        this.operator = operator;
        this.target = target;
        this.ticket = ticket;
        this.mode = mode;
    }

    public UUID session() {
        return session;
    }

    /** Later events carry this target (e.g. after a reconnect to a new pod). */
    /** The target as the next record will carry it. */
    public synchronized AuditTarget target() {
        return target;
    }

    public synchronized void updateTarget(AuditTarget newTarget) {
        this.target = newTarget;
    }

    /** Later events carry this mode ({@code read-only}/{@code read-write}). */
    public synchronized void updateMode(String newMode) {
        this.mode = newMode;
    }

    /** Records any event of this session; fail-closed (see class comment). */
    public synchronized JournalEntry record(EventDraft draft) throws AuditUnavailableException {
        return write(draft, true);
    }

    public JournalEntry preflight(List<CheckResult> checks) throws AuditUnavailableException {
        return record(EventDraft.of(EventType.SESSION_PREFLIGHT).withChecks(checks));
    }

    /** Must return before the statement is sent. */
    public JournalEntry queryBegin(StatementRecord stmt) throws AuditUnavailableException {
        return record(EventDraft.of(EventType.QUERY_BEGIN).withStatement(stmt));
    }

    /** The statement ran; kept for the next event when the local journal cannot take it now (see class comment). */
    public JournalEntry queryEnd(StatementRecord stmt) throws AuditUnavailableException {
        return recordOutcome(EventDraft.of(EventType.QUERY_END).withStatement(stmt));
    }

    /** The statement failed; kept like {@link #queryEnd} when the local journal cannot take it now. */
    public JournalEntry queryFailed(StatementRecord stmt) throws AuditUnavailableException {
        return recordOutcome(EventDraft.of(EventType.QUERY_FAILED).withStatement(stmt));
    }

    /**
     * Written at once, made durable off the caller's thread (docs/decisions/0027): the rows were already shown, so
     * nothing waits for the fsync but the session's next record, which the journal holds back until it is done.
     */
    private synchronized JournalEntry recordOutcome(EventDraft draft) throws AuditUnavailableException {
        try {
            if (ended) {
                throw new IllegalStateException("session " + session + " has ended; no more audit events for it");
            }
            flushOutcomes();
            return writeOne(draft, true, true);
        } catch (AuditUnavailableException e) {
            if (!e.journaledLocally()) {
                unwrittenOutcomes.addLast(draft);
            }
            throw e;
        }
    }

    /** Outcomes still waiting for the local journal (0 normally). */
    public synchronized int unwrittenOutcomes() {
        return unwrittenOutcomes.size();
    }

    /** {@code type} is one of the {@code tunnel.*} types. */
    public JournalEntry tunnel(EventType type, TunnelChange change) throws AuditUnavailableException {
        if (!type.wireName().startsWith("tunnel.")) {
            throw new IllegalArgumentException("tunnel(...) takes a tunnel.* event type, got " + type);
        }
        return record(EventDraft.of(type).withTunnel(change));
    }

    /** Elevation to read-write with its second justification; updates the mode for later events. */
    public synchronized JournalEntry elevate(AuditJustification justification) throws AuditUnavailableException {
        var entry = record(EventDraft.of(EventType.SESSION_ELEVATE).withJustification(justification));
        if (justification.mode() != null) {
            mode = justification.mode();
        }
        return entry;
    }

    public JournalEntry extend(AuditJustification justification) throws AuditUnavailableException {
        return record(EventDraft.of(EventType.SESSION_EXTEND).withJustification(justification));
    }

    public JournalEntry warn(String detail) throws AuditUnavailableException {
        return record(EventDraft.of(EventType.SESSION_WARN).withDetail(detail));
    }

    public JournalEntry expire(String detail) throws AuditUnavailableException {
        return record(EventDraft.of(EventType.SESSION_EXPIRE).withDetail(detail));
    }

    public JournalEntry export(StatementRecord stmt, String detail) throws AuditUnavailableException {
        return record(EventDraft.of(EventType.EXPORT).withStatement(stmt).withDetail(detail));
    }

    public JournalEntry smoke(String detail) throws AuditUnavailableException {
        return record(EventDraft.of(EventType.SMOKE).withDetail(detail));
    }

    /**
     * Journals {@code query.denied} for a statement that will not run, even while a required sink is down (the
     * sinks get it when they are back).
     *
     * @throws AuditUnavailableException only when the local journal itself cannot be written
     */
    public synchronized JournalEntry recordDenied(StatementRecord stmt, String reason)
            throws AuditUnavailableException {
        return write(EventDraft.of(EventType.QUERY_DENIED).withStatement(stmt).withDetail(reason), false);
    }

    /**
     * Writes {@code session.end} and the session's {@code journal.seal}. Both are always journaled locally;
     * if a required sink did not take them, the exception says so after the session is sealed.
     *
     * @return the seal (event count, head, optional signature)
     */
    public synchronized Seal end(String detail) throws AuditUnavailableException {
        var seal = endLocally(detail);
        var missing = trail.requiredBacklog();
        if (!missing.isEmpty()) {
            throw new AuditUnavailableException(
                    "session " + session + " ended and was sealed in the local journal,"
                            + " but required audit sink " + String.join(", ", missing)
                            + " has not acknowledged the seal;"
                            + " keep the console open until the sink is back, or hand the local journal to the auditors.",
                    missing,
                    true,
                    null);
        }
        return seal;
    }

    synchronized Seal endLocally(String detail) throws AuditUnavailableException {
        if (ended) {
            throw new IllegalStateException("session " + session + " has already ended");
        }
        write(EventDraft.of(EventType.SESSION_END).withDetail(detail), false);
        var sealEntry = writeOne(trail.sealDraft(session, nextEi, lastHash), false);
        ended = true;
        mark.close();
        trail.sealed(this);
        return sealEntry.event().seal();
    }

    /** The console stops with the session unsealed: its mark goes, so the next console closes it as abandoned. */
    synchronized void stopWithoutSeal() {
        if (!ended) {
            mark.release();
        }
    }

    public synchronized boolean ended() {
        return ended;
    }

    private JournalEntry write(EventDraft draft, boolean requireSinks) throws AuditUnavailableException {
        if (ended) {
            throw new IllegalStateException("session " + session + " has ended; no more audit events for it");
        }
        flushOutcomes();
        return writeOne(draft, requireSinks);
    }

    /** Outcomes the journal could not take earlier go first, in order; a sink that misses them catches up later. */
    private void flushOutcomes() throws AuditUnavailableException {
        while (!unwrittenOutcomes.isEmpty()) {
            try {
                writeOne(unwrittenOutcomes.peekFirst(), false);
            } catch (AuditUnavailableException e) {
                if (e.journaledLocally()) {
                    unwrittenOutcomes.removeFirst();
                }
                throw e;
            }
            unwrittenOutcomes.removeFirst();
        }
    }

    private JournalEntry writeOne(EventDraft draft, boolean requireSinks) throws AuditUnavailableException {
        return writeOne(draft, requireSinks, false);
    }

    private JournalEntry writeOne(EventDraft draft, boolean requireSinks, boolean syncLater)
            throws AuditUnavailableException {
        var event = AuditEvent.unchained(draft, session, nextEi, operator, target, ticket, mode);
        AuditTrail.EntryListener advance = entry -> {
            nextEi++;
            lastHash = entry.event().hash();
        };
        return syncLater ? trail.writeOutcome(event, requireSinks, advance) : trail.write(event, requireSinks, advance);
    }
}
