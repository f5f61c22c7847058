package org.kfm.breakglass.session;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One break-glass session: the only gateway to privileged work. Everything privileged is a {@link
 * PrivilegedAction} that goes through {@link #perform}: the session's state must allow it, its audit record is
 * made durable before it runs (no audit, no access), and its outcome is journaled after; statements are
 * classified and refused before sending when the mode does not allow them. The methods below are the operator's
 * actions by name. The {@link SessionTicker} closes the session at expiry or idle timeout, the {@link TunnelWatch}
 * follows the tunnel. Created by {@link SessionGateway}.
 *
 * <p>Threads: one operator thread drives the session; {@link #cancel()} and {@link #close()} may come from any
 * thread; the tunnel supervisor and the ticker report from their own threads.
 */
public final class BreakGlassSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BreakGlassSession.class);
    /** How long an ending session waits for a cancelled statement to journal its outcome. */
    private static final Duration STATEMENT_DRAIN = Duration.ofSeconds(10);

    private final SessionContext ctx;
    private final ClusterAccess access;
    private final SessionJournal journal;
    private final TimeBox timeBox;
    private final SessionResources held = new SessionResources();
    private final StatementActivity activity = new StatementActivity();
    private final SessionListeners listeners = new SessionListeners();
    private final ActionExecutor executor;
    private final SessionTicker ticker;
    private final Object lifecycle = new Object();
    /** Open until the session has ended (sealed): a second closer waits for the first (the CLI exits after it). */
    private final java.util.concurrent.CountDownLatch endDone = new java.util.concurrent.CountDownLatch(1);

    private volatile AfterSeal afterSeal;
    private volatile java.util.function.Supplier<List<ViewedExtent>> mapViewsAtEnd = List::of;
    private volatile EndReconciliation endReconciliation;
    private volatile Thread endingThread;
    private volatile SessionState state = SessionState.JUSTIFIED;

    BreakGlassSession(SessionContext ctx, AuditTrail trail, ClusterAccess access, SessionRecorder recorder) {
        this.ctx = ctx;
        this.access = access;
        this.journal = new SessionJournal(trail, recorder, ctx.id());
        var rules = ctx.policy().session();
        this.timeBox =
                new TimeBox(ctx.clock(), ctx.justification().duration(), rules.idleTimeout(), rules.warnBefore());
        var tunnelWatch = new TunnelWatch(this, journal, held);
        this.executor = new ActionExecutor(this, ctx, access, trail, journal, held, timeBox, activity, tunnelWatch);
        this.ticker = new SessionTicker(this, ctx, timeBox, held, journal, activity, listeners);
    }

    public String id() {
        return ctx.id().toString();
    }

    public SessionState state() {
        return state;
    }

    public AccessMode mode() {
        return held.mode();
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** What is done once the session is sealed (the gateway sets it when it starts the session). */
    void afterSeal(AfterSeal followUp) {
        this.afterSeal = followUp;
    }

    /**
     * The reconciliation at session end ({@code reconcile.atSessionEnd}), once the session has ended; empty while
     * it is open or when the policy does not ask for it.
     */
    public java.util.Optional<EndReconciliation> endReconciliation() {
        return java.util.Optional.ofNullable(endReconciliation);
    }

    /** What the banner shows now. */
    public SessionSnapshot snapshot() {
        return held.snapshot(ctx, access.serverUrl(), timeBox, state);
    }

    /**
     * The one door to privileged work: refuses the action when the session's state does not allow it, makes its
     * audit record durable (or refuses it: no audit, no access), then runs it.
     */
    public <R> R perform(PrivilegedAction<R> action) throws SessionFailure {
        ActionAdmission.check(action, state, held.alarm());
        ActionPlan<R> plan = executor.plan(action);
        if (plan.record() != null) {
            journal.beforeAction(plan.record());
        }
        return plan.effect().run();
    }

    /** Every preflight check ({@link Preflight}); a FAIL ends the session, WARNs must be acknowledged. */
    public List<CheckResult> preflight(Consumer<CheckResult> progress) throws SessionFailure {
        return perform(new Preflight(progress));
    }

    public void acknowledgeWarnings() throws SessionFailure {
        perform(new AcknowledgeWarnings());
    }

    /**
     * Opens the tunnel to a Ready pod and logs in as the reader role ({@code tunnel.open} durable before the
     * forward exists), then runs the checks after login; a failure on the way ends the session.
     */
    public void open() throws SessionFailure {
        ActionAdmission.check(new OpenTunnel(), state, held.alarm());
        if (!held.warningsAcknowledged()) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED, "preflight has warnings: acknowledge them before opening the session");
        }
        try {
            perform(new OpenTunnel());
            perform(new AfterLoginChecks());
        } catch (KubeAccessException e) {
            end(SessionEnd.FAILED, "tunnel could not open: " + e.getMessage());
            throw new SessionFailure(SessionFailure.Kind.CONNECTION, e.getMessage(), e);
        } catch (SessionFailure e) {
            end(SessionEnd.FAILED, "could not open: " + e.getMessage());
            throw e;
        }
        moveTo(SessionState.OPEN, "tunnel open to " + held.pod().name());
        ticker.start();
    }

    /** Runs a statement or a script, statement by statement ({@link RunScript}); stops at the first failure. */
    public List<StatementReport> run(String sql, RunOptions options, ResultReceiver receiver) throws SessionFailure {
        return perform(new RunScript(sql, options, new ReceiverSink(receiver)));
    }

    /** Cancels the running statement (server-side cancel through the tunnel); safe from any thread. */
    public void cancel() {
        held.cancel();
    }

    public void commit() throws SessionFailure {
        perform(new Commit());
    }

    public void rollback() throws SessionFailure {
        perform(new Rollback());
    }

    /** Elevates for a limited time with a second justification and the database name typed ({@link Elevate}). */
    public void elevate(Justification second, String confirmDatabase) throws SessionFailure {
        perform(new Elevate(second, confirmDatabase));
    }

    public void extend(Justification renewal) throws SessionFailure {
        perform(new Extend(renewal));
    }

    /** The seed's post-deploy checks: server version, PostGIS version, pods ready, service exists. Journaled. */
    public List<CheckResult> smoke() throws SessionFailure {
        return perform(new Smoke());
    }

    /** The schema browser's tree, read with journaled catalog queries. */
    public SchemaSnapshot schema() throws SessionFailure {
        return perform(new ReadSchema());
    }

    /** Journals an export of {@code rows} rows in {@code format} before the file is written. */
    public void recordExport(String format, long rows, String destination) throws SessionFailure {
        perform(new RecordExport(format, rows, destination));
    }

    /** Where a result's geometry column came from, for the map's "Query this view" (two audited statements). */
    public MapSource mapSource(String sql, String column, int position) throws SessionFailure {
        return perform(new ReadMapSource(sql, column, position));
    }

    /** Journals what the operator looked at on a result's map ({@code map.view}, ADR 0025). */
    public void recordMapView(ViewedExtent view) throws SessionFailure {
        perform(new RecordMapView(view));
    }

    /**
     * Where the session asks, as it ends (closed, expired, idle, alarm), for the maps' extents not yet journaled: they
     * are written as {@code map.view} before {@code tunnel.close}/{@code session.end} (ADR 0025). The console's map
     * registers it; the supplier may be asked from any thread.
     */
    public void journalMapViewsAtEnd(java.util.function.Supplier<List<ViewedExtent>> views) {
        mapViewsAtEnd = views == null ? List::of : views;
    }

    /** This session's events as journaled so far, read back from the local journal, oldest first. */
    public List<JournalLine> journal() {
        return journal.readBack();
    }

    /** How long the session has left. */
    public Duration remaining() {
        return timeBox.remaining();
    }

    /** Closes the tunnel and ends the session: {@code tunnel.close}, {@code session.end} and the seal. */
    @Override
    public void close() {
        end(SessionEnd.CLOSED, "closed by the operator");
    }

    /** Applies what the time box says is due; the ticker calls it every second, tests after moving the clock. */
    void tick() {
        ticker.tick();
    }

    void expire(SessionEnd cause, String reason) {
        cancel();
        journal.afterTheFact(EventDraft.of(EventType.SESSION_EXPIRE).withDetail(reason));
        end(cause, reason);
        notice("session expired: " + reason);
    }

    /**
     * A statement left the read-only transaction: its link is already dropped; end the session (journaled and
     * sealed) so nothing else runs on it; every later attempt is refused naming the alarm.
     */
    void endOnAlarm() {
        String alarm = held.alarm();
        if (alarm != null && !state.ended()) {
            notice(alarm + " — the session is ending; start a new one");
            end(SessionEnd.ALARM, alarm);
        }
    }

    /** Ends the session once, from any thread: cancel, wait for the statement's outcome, close, journal, seal. */
    void end(SessionEnd cause, String reason) {
        boolean endingElsewhere;
        synchronized (lifecycle) {
            if (state.ended()) {
                return;
            }
            endingElsewhere = state == SessionState.CLOSING;
            if (!endingElsewhere) {
                state = SessionState.CLOSING;
                endingThread = Thread.currentThread();
            }
        }
        if (endingElsewhere) {
            awaitEndedElsewhere();
            return;
        }
        try {
            endOnce(cause, reason);
        } finally {
            endDone.countDown();
        }
    }

    /**
     * Another thread (the ticker at expiry, the tunnel watch) is ending the session: wait until the seal is
     * written, so that a caller that goes on to exit the process does not cut it off. The ending thread itself
     * (an endpoint client ended from inside the end) does not wait for itself.
     */
    private void awaitEndedElsewhere() {
        if (Thread.currentThread() == endingThread) {
            return;
        }
        try {
            if (!endDone.await(
                    STATEMENT_DRAIN.multipliedBy(3).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                LOG.warn("the session {} is still ending after {}", id(), STATEMENT_DRAIN.multipliedBy(3));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void endOnce(SessionEnd cause, String reason) {
        cancel();
        activity.awaitFinished(STATEMENT_DRAIN);
        recordMapViewsAtEnd();
        // Endpoint clients get FATAL 57P01 and their client.disconnect while the journal is still open.
        held.closeEndpoint(reason);
        dropSessionRole(reason);
        if (held.closeLoginAndTunnel()) {
            journal.tunnelClosed(held.pod(), reason);
        }
        journal.end(reason);
        journal.close();
        access.close();
        ticker.stop();
        moveTo(cause.state(), reason);
        listeners.ended(cause, reason);
        LOG.info("break-glass session {} ended ({}): {}", id(), cause, reason);
        var followUp = afterSeal;
        if (followUp != null) {
            endReconciliation = followUp.run(listeners).orElse(null);
        }
    }

    /**
     * Under {@code sessionCredentials: per-session}: the session's own role ends with it (NOLOGIN, its backends
     * terminated, dropped). A failure is said loudly — notice, error log and {@code credentials.failed} — never
     * swallowed; the role's VALID UNTIL still ends its logins, and the next start sweeps it.
     */
    private void dropSessionRole(String reason) {
        var drop = executor.sessionRoleToDrop(reason);
        if (drop.isEmpty()) {
            return;
        }
        SessionRole own = held.database().sessionRole();
        try {
            perform(drop.get());
        } catch (SessionFailure | RuntimeException e) {
            String message = "the session's database role " + own.name() + " was NOT dropped: " + e.getMessage()
                    + " — its logins end at " + own.validUntil() + " (VALID UNTIL) and the next session sweeps it;"
                    + " or drop it now as the issuer (ALTER ROLE " + own.name() + " NOLOGIN; DROP ROLE "
                    + own.name() + ")";
            LOG.error(message);
            journal.afterTheFact(EventDraft.of(EventType.CREDENTIALS_FAILED).withDetail(message));
            notice(message);
        } finally {
            own.wipe();
        }
    }

    /** What the operator looked at on a map that is still showing: journaled while the journal is still open. */
    private void recordMapViewsAtEnd() {
        List<ViewedExtent> views;
        try {
            views = mapViewsAtEnd.get();
        } catch (RuntimeException e) {
            LOG.warn("the maps' extents could not be collected at the end of session {}: {}", id(), e.toString());
            return;
        }
        for (ViewedExtent view : views) {
            try {
                perform(new RecordMapView(view));
            } catch (SessionFailure e) {
                LOG.warn("map.view could not be journaled at the end of session {}: {}", id(), e.getMessage());
            }
        }
    }

    void moveTo(SessionState next, String reason) {
        state = next;
        listeners.stateChanged(next, reason);
    }

    void notice(String message) {
        listeners.notice(message);
    }
}
