package org.kfm.breakglass.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.audit.TunnelChange;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.ResolvedPod;
import org.kfm.breakglass.kube.TunnelEvent;
import org.kfm.breakglass.kube.TunnelState;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One break-glass session: the only gateway to privileged work. Every action is journaled durably before it
 * runs (no audit, no access); statements are classified and refused before sending when the mode does not allow
 * them; the time box and idle timeout close the session by themselves. Created by {@link SessionGateway}.
 *
 * <p>Threads: one operator thread drives the session; {@link #cancel()} and {@link #close()} may come from any
 * thread; the tunnel supervisor and the ticker report from their own threads.
 */
public final class BreakGlassSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BreakGlassSession.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** How long an ending session waits for a cancelled statement to journal its outcome. */
    private static final Duration STATEMENT_DRAIN = Duration.ofSeconds(10);

    private final SessionContext ctx;
    private final AuditTrail trail;
    private final ClusterAccess access;
    private final SessionRecorder recorder;
    private final SessionJournal audit;
    private final TimeBox timeBox;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lifecycle = new Object();
    private volatile SessionState state = SessionState.JUSTIFIED;
    private volatile AccessMode mode = AccessMode.READ_ONLY;
    private volatile Instant elevationEndsAt;
    private volatile ResolvedPod pod;
    private volatile boolean statementRunning;
    private volatile String alarmReason;
    private final Object statementDone = new Object();
    private List<CheckResult> preflight = List.of();
    private boolean warningsAcknowledged;
    private TunnelSupervisor tunnel;
    private DatabaseAccess database;
    private StatementRunner statements;
    private ScheduledExecutorService ticker;

    BreakGlassSession(SessionContext ctx, AuditTrail trail, ClusterAccess access, SessionRecorder recorder) {
        this.ctx = ctx;
        this.trail = trail;
        this.access = access;
        this.recorder = recorder;
        this.audit = new SessionJournal(trail, recorder, ctx.id());
        var session = ctx.policy().session();
        this.timeBox =
                new TimeBox(ctx.clock(), ctx.justification().duration(), session.idleTimeout(), session.warnBefore());
    }

    public String id() {
        return ctx.id().toString();
    }

    public SessionState state() {
        return state;
    }

    public AccessMode mode() {
        return mode;
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** What the banner shows now. */
    public SessionSnapshot snapshot() {
        ResolvedPod current = pod;
        DatabaseAccess db = database;
        return new SessionSnapshot(
                id(),
                ctx.contextName(),
                access.serverUrl(),
                ctx.namespace(),
                ctx.target().toString(),
                current == null ? null : current.name(),
                current == null ? null : current.uid(),
                ctx.database(),
                db == null ? null : db.dbUser(),
                mode,
                ctx.justification().ticket(),
                timeBox.expiresAt(),
                timeBox.remaining(),
                elevationEndsAt,
                state,
                db != null && db.link() != null && db.link().transactionPending());
    }

    /**
     * Runs every preflight check, reporting each as it completes, and journals them all. Any FAIL ends the
     * session (journaled as refused); WARNs must be {@linkplain #acknowledgeWarnings() acknowledged}.
     */
    public List<CheckResult> preflight(Consumer<CheckResult> progress) throws SessionFailure {
        requireState(SessionState.JUSTIFIED, "preflight");
        var outcome = new PreflightRunner(ctx, access, trail).run(progress);
        var results = outcome.results();
        audit.beforeAction(() -> recorder.preflight(SessionJournal.checks(results)));
        if (CheckResult.anyFailed(results)) {
            String failed = String.join(
                    "; ",
                    results.stream()
                            .filter(r -> r.verdict() == Verdict.FAIL)
                            .map(r -> r.name() + ": " + r.reason())
                            .toList());
            endAs(SessionState.FAILED, "refused by preflight: " + failed);
            throw new SessionFailure(
                    outcome.serverUnreachable() ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.DENIED,
                    "preflight failed — " + failed);
        }
        synchronized (lifecycle) {
            preflight = results;
            warningsAcknowledged = !CheckResult.anyWarned(results);
        }
        moveTo(SessionState.PREFLIGHTED, "preflight passed");
        return results;
    }

    /** The operator has read the WARN lines and goes on anyway; journaled with the warnings named. */
    public void acknowledgeWarnings() throws SessionFailure {
        requireState(SessionState.PREFLIGHTED, "acknowledge warnings");
        List<String> warnings;
        synchronized (lifecycle) {
            warnings = preflight.stream()
                    .filter(r -> r.verdict() == Verdict.WARN)
                    .map(r -> r.name())
                    .toList();
            warningsAcknowledged = true;
        }
        audit.beforeAction(() -> recorder.record(EventDraft.of(EventType.SESSION_PREFLIGHT)
                .withDetail("operator acknowledged warnings: " + String.join(", ", warnings))));
    }

    /**
     * Opens the tunnel to a Ready pod and logs in as the reader role: {@code tunnel.open} is durable before the
     * forward exists. Then checks, through the audited statement path, that PostGIS is enabled in the chosen
     * database and that the role cannot execute the side-effect functions ({@link PrivilegeCheck}); both are
     * journaled as {@code session.preflight} and reported as notices when not PASS.
     */
    public void open() throws SessionFailure {
        requireState(SessionState.PREFLIGHTED, "open the tunnel");
        synchronized (lifecycle) {
            if (!warningsAcknowledged) {
                throw new SessionFailure(
                        SessionFailure.Kind.DENIED,
                        "preflight has warnings: acknowledge them before opening the session");
            }
        }
        try {
            tunnel = new TunnelSupervisor(access, ctx.namespace(), ctx.target(), READY_TIMEOUT);
            pod = tunnel.open();
            audit.podIs(pod);
            audit.beforeAction(() -> recorder.tunnel(
                    EventType.TUNNEL_OPEN,
                    new TunnelChange(
                            pod.name(),
                            null,
                            pod.uid(),
                            "port-forward to " + pod.name() + ":" + pod.containerPort()
                                    + " without a local listener")));
            tunnel.addListener(this::onTunnelEvent);
            database = new DatabaseAccess(ctx, access, tunnel);
            database.login(AccessMode.READ_ONLY);
            audit.dbUserIs(database.dbUser());
            statements = new StatementRunner(
                    recorder, database, ctx.policy().session().maxScriptBytes());
            var postgis = statements.postgisCheck();
            var privileges = PrivilegeCheck.run(statements::consoleQuery, database.dbUser());
            audit.beforeAction(
                    () -> recorder.preflight(List.of(SessionJournal.check(postgis), SessionJournal.check(privileges))));
            notice(postgis.verdict() == Verdict.PASS ? null : postgis.reason());
            notice(privileges.verdict() == Verdict.PASS ? null : privileges.reason());
        } catch (KubeAccessException e) {
            endAs(SessionState.FAILED, "tunnel could not open: " + e.getMessage());
            throw new SessionFailure(SessionFailure.Kind.CONNECTION, e.getMessage(), e);
        } catch (SessionFailure e) {
            endAs(SessionState.FAILED, "could not open: " + e.getMessage());
            throw e;
        }
        moveTo(SessionState.OPEN, "tunnel open to " + pod.name());
        startTicker();
    }

    /**
     * Runs a statement or a script, statement by statement: each is classified and refused before sending if the
     * mode does not allow it ({@code query.denied}), journaled as {@code query.begin} before it is sent, and as
     * {@code query.end} / {@code query.failed} after. Stops at the first failure.
     */
    public List<StatementReport> run(String sql, RunOptions options, ResultReceiver receiver) throws SessionFailure {
        return runTo(sql, options, StatementRunner.adapt(receiver));
    }

    /** The same path for the session's own formatters, which want the database's value types. */
    List<StatementReport> runTo(String sql, RunOptions options, org.kfm.breakglass.sql.RowSink sink)
            throws SessionFailure {
        requireUsable("run a statement");
        statementRunning = true;
        timeBox.touch();
        try {
            reconnectIfDropped();
            return statements.run(sql, options, sink, mode);
        } finally {
            synchronized (statementDone) {
                statementRunning = false;
                statementDone.notifyAll();
            }
            timeBox.touch();
            endOnAlarm();
        }
    }

    /**
     * A statement left the read-only transaction: its link is already dropped; end the session (journaled and
     * sealed) so nothing else runs on it, and say why on every later attempt.
     */
    private void endOnAlarm() {
        String alarm = statements.alarm();
        if (alarm != null && !state.ended()) {
            alarmReason = alarm;
            notice(alarm + " — the session is ending; start a new one");
            endAs(SessionState.FAILED, alarm);
        }
    }

    /** Cancels the running statement (server-side cancel through the tunnel); safe from any thread. */
    public void cancel() {
        DatabaseAccess db = database;
        if (db != null) {
            db.cancel();
        }
    }

    /** Commits the pending write transaction; journaled like a statement. */
    public void commit() throws SessionFailure {
        requireUsable("commit");
        statements.commit();
    }

    /** Rolls back the pending write transaction; journaled like a statement. */
    public void rollback() throws SessionFailure {
        requireUsable("roll back");
        statements.rollback();
    }

    /**
     * Elevates to write (or owner) for a limited time: needs its own justification, the database name typed as
     * confirmation, and a policy that allows it. Journaled as {@code session.elevate} before the new login.
     */
    public void elevate(Justification second, String confirmDatabase) throws SessionFailure {
        requireUsable("elevate");
        AccessMode wanted = second.mode();
        if (wanted == AccessMode.READ_ONLY) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "elevation needs mode write or owner");
        }
        var grant = ctx.policy().elevation().grantFor(wanted);
        if (!grant.allowed()) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED, "the policy does not allow " + wanted.wireName() + " elevation");
        }
        var problems = new ArrayList<String>();
        var rules = ctx.policy().justificationRules();
        problems.addAll(rules.reasonProblems(second.reason()));
        problems.addAll(rules.ticketProblems(second.ticket()));
        if (!ctx.database().equals(confirmDatabase == null ? "" : confirmDatabase.strip())) {
            problems.add("type the database name '" + ctx.database() + "' to confirm the elevation");
        }
        if (!problems.isEmpty()) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "elevation refused: " + String.join("; ", problems));
        }
        Duration length = second.duration().compareTo(grant.duration()) < 0 ? second.duration() : grant.duration();
        audit.beforeAction(() -> recorder.elevate(
                new AuditJustification(second.reason(), second.ticket(), length.toSeconds(), wanted.wireName())));
        database.login(wanted);
        mode = wanted;
        recorder.updateMode(wanted.wireName());
        audit.dbUserIs(database.dbUser());
        Instant ends = ctx.clock().instant().plus(length);
        elevationEndsAt = ends.isAfter(timeBox.expiresAt()) ? timeBox.expiresAt() : ends;
        notice("elevated to " + wanted.wireName() + " as " + database.dbUser() + " until " + elevationEndsAt
                + "; each statement runs in a transaction that is rolled back unless you commit");
    }

    /** Extends the time box with a new justification (its duration counted from now, within the policy max). */
    public void extend(Justification renewal) throws SessionFailure {
        requireUsable("extend");
        try {
            ctx.policy().justificationRules().check(renewal);
        } catch (JustificationRejected e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE, "extension refused: " + String.join("; ", e.problems()), e);
        }
        audit.beforeAction(() -> recorder.extend(new AuditJustification(
                renewal.reason(), renewal.ticket(), renewal.duration().toSeconds(), mode.wireName())));
        timeBox.extend(renewal.duration());
    }

    /** The seed's post-deploy checks: server version, PostGIS version, pods ready, service exists. Journaled. */
    public List<CheckResult> smoke() throws SessionFailure {
        requireUsable("run smoke checks");
        var results = new SmokeChecks(ctx, access, statements).run();
        String summary = String.join(
                "; ", results.stream().map(r -> r.verdict() + " " + r.name()).toList());
        audit.beforeAction(() -> recorder.record(
                EventDraft.of(EventType.SMOKE).withDetail(summary).withChecks(SessionJournal.checks(results))));
        return results;
    }

    /** Journals an export of {@code rows} rows in {@code format} before the file is written. */
    public void recordExport(String format, long rows, String destination) throws SessionFailure {
        requireUsable("export");
        audit.beforeAction(() -> recorder.record(
                EventDraft.of(EventType.EXPORT).withDetail(format + " export of " + rows + " rows to " + destination)));
    }

    /**
     * This session's events as journaled so far, read back from the local journal (the same bytes an auditor
     * verifies), oldest first.
     */
    public List<JournalLine> journal() {
        return audit.readBack();
    }

    /** How long the session has left. */
    public Duration remaining() {
        return timeBox.remaining();
    }

    /** Closes the tunnel and ends the session: {@code tunnel.close}, {@code session.end} and the seal. */
    @Override
    public void close() {
        endAs(SessionState.CLOSED, "closed by the operator");
    }

    /** Applies what the time box says is due; called by the ticker every second, and by tests. */
    void tick() {
        if (state.ended()) {
            return;
        }
        if (elevationEndsAt != null && !ctx.clock().instant().isBefore(elevationEndsAt)) {
            dropElevation();
        }
        switch (timeBox.dueNow()) {
            case WARN -> {
                String text = "session expires in " + DurationText.format(timeBox.remaining())
                        + ": extend it with a new justification or finish up";
                audit.afterTheFact(() -> recorder.warn(text));
                notice(text);
            }
            case EXPIRE ->
                expire("time box of " + DurationText.format(ctx.justification().duration()) + " reached");
            case IDLE -> {
                if (statementRunning) {
                    timeBox.touch();
                } else {
                    expire("idle for "
                            + DurationText.format(ctx.policy().session().idleTimeout()));
                }
            }
            case NOTHING -> {}
        }
    }

    private void dropElevation() {
        elevationEndsAt = null;
        try {
            audit.beforeAction(() -> recorder.record(
                    EventDraft.of(EventType.SESSION_ELEVATE).withDetail("elevation ended; back to read-only")));
            cancel();
            database.login(AccessMode.READ_ONLY);
            mode = AccessMode.READ_ONLY;
            recorder.updateMode(mode.wireName());
            audit.dbUserIs(database.dbUser());
            notice("elevation ended: back to read-only as " + database.dbUser());
        } catch (SessionFailure e) {
            LOG.warn("could not return to read-only after the elevation ended; closing the session", e);
            expire("elevation ended and the read-only login failed: " + e.getMessage());
        }
    }

    private void expire(String reason) {
        cancel();
        audit.afterTheFact(() -> recorder.expire(reason));
        endAs(SessionState.EXPIRED, reason);
        notice("session expired: " + reason);
    }

    private void onTunnelEvent(TunnelEvent event) {
        if (state.ended() || state == SessionState.CLOSING) {
            return;
        }
        switch (event.state()) {
            case RECONNECTING -> {
                audit.afterTheFact(() -> recorder.tunnel(
                        EventType.TUNNEL_DROP,
                        new TunnelChange(event.pod(), event.oldUid(), event.newUid(), event.reason())));
                moveTo(SessionState.RECONNECTING, event.reason());
            }
            case OPEN -> {
                if (state == SessionState.RECONNECTING) {
                    // The target first: the reconnect record and every later one name the pod now forwarded to.
                    tunnel.currentPod().ifPresent(p -> {
                        pod = p;
                        audit.podIs(p);
                    });
                    audit.afterTheFact(() -> recorder.tunnel(
                            EventType.TUNNEL_RECONNECT,
                            new TunnelChange(event.pod(), event.oldUid(), event.newUid(), event.reason())));
                    moveTo(SessionState.OPEN, "tunnel reconnected to " + event.pod());
                }
            }
            case FAILED -> {
                // The supervisor has given up (no Ready pod in time): nothing can run any more, so the session
                // ends now — journaled and sealed — instead of waiting forever in RECONNECTING.
                // Not on the supervisor's thread: closing the tunnel interrupts that thread, and an interrupted
                // thread cannot write the journal (its FileChannel refuses), so the end would go unrecorded.
                notice("tunnel failed: " + event.reason() + " — start a new session when the target is back");
                Thread.ofPlatform()
                        .daemon()
                        .name("breakglass-end-" + id().substring(0, 8))
                        .start(() -> endAs(SessionState.FAILED, "tunnel failed: " + event.reason()));
            }
            case CONNECTING, CLOSED -> {}
        }
    }

    /** After a drop the old login is gone; log in again through the re-resolved pod before the next statement. */
    private void reconnectIfDropped() throws SessionFailure {
        if (database.alive()) {
            return;
        }
        if (tunnel.state() != TunnelState.OPEN) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION,
                    "the tunnel is " + tunnel.state()
                            + ": waiting for a Ready pod; try again in a moment or close the session");
        }
        database.login(mode);
        audit.dbUserIs(database.dbUser());
    }

    private void startTicker() {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("breakglass-timebox-" + id().substring(0, 8))
                .factory());
        ticker.scheduleAtFixedRate(this::tickSafely, 1, 1, TimeUnit.SECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("time box check failed", e);
        }
    }

    private void endAs(SessionState end, String reason) {
        synchronized (lifecycle) {
            if (state.ended() || state == SessionState.CLOSING) {
                return;
            }
            state = SessionState.CLOSING;
        }
        cancel();
        awaitCancelledStatement();
        if (database != null) {
            database.close();
        }
        if (tunnel != null) {
            tunnel.close();
            ResolvedPod last = pod;
            audit.afterTheFact(() -> recorder.tunnel(
                    EventType.TUNNEL_CLOSE,
                    new TunnelChange(
                            last == null ? null : last.name(), last == null ? null : last.uid(), null, reason)));
        }
        audit.afterTheFact(() -> recorder.end(reason));
        audit.close();
        access.close();
        if (ticker != null) {
            ticker.shutdownNow();
        }
        moveTo(end, reason);
        LOG.info("break-glass session {} ended ({}): {}", id(), end, reason);
    }

    /**
     * A statement cut off by expiry or by a close from another thread must still journal its outcome
     * ({@code query.failed}) before {@code session.end} seals the trail; the cancel makes that quick. Bounded, so
     * a statement stuck on a dead tunnel cannot keep the session open: closing the link below ends it then.
     */
    private void awaitCancelledStatement() {
        long deadline = System.nanoTime() + STATEMENT_DRAIN.toNanos();
        synchronized (statementDone) {
            while (statementRunning) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn(
                            "the cancelled statement did not finish within {}; closing its connection",
                            DurationText.format(STATEMENT_DRAIN));
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(statementDone, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void requireState(SessionState wanted, String action) throws SessionFailure {
        if (state != wanted) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "cannot " + action + " while the session is " + state);
        }
    }

    private void requireUsable(String action) throws SessionFailure {
        if (alarmReason != null) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "refused: the session ended after an integrity alarm (" + alarmReason
                            + "); start a new session and report the alarm");
        }
        SessionState now = state;
        if (now == SessionState.EXPIRED) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "the session has expired: start a new one with a " + "new justification");
        }
        if (now != SessionState.OPEN && now != SessionState.RECONNECTING) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "cannot " + action + " while the session is " + now);
        }
    }

    private void moveTo(SessionState next, String reason) {
        state = next;
        listeners.forEach(l -> l.stateChanged(next, reason));
    }

    private void notice(String message) {
        if (message != null) {
            listeners.forEach(l -> l.notice(message));
        }
    }
}
