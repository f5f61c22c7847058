package org.kfm.breakglass.session;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open session's one clock: every second it carries out what the {@link TimeBox} says is due (the warning,
 * expiry, the idle timeout), ends an elevation whose time is up, and tells the listeners the time left and what
 * the session journaled since the last tick.
 */
final class SessionTicker {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTicker.class);

    private final BreakGlassSession session;
    private final SessionContext ctx;
    private final TimeBox timeBox;
    private final SessionResources held;
    private final SessionJournal journal;
    private final StatementActivity activity;
    private final SessionListener listeners;
    private ScheduledExecutorService ticker;

    SessionTicker(
            BreakGlassSession session,
            SessionContext ctx,
            TimeBox timeBox,
            SessionResources held,
            SessionJournal journal,
            StatementActivity activity,
            SessionListener listeners) {
        this.session = session;
        this.ctx = ctx;
        this.timeBox = timeBox;
        this.held = held;
        this.journal = journal;
        this.activity = activity;
        this.listeners = listeners;
    }

    synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("breakglass-timebox-" + session.id().substring(0, 8))
                .factory());
        ticker.scheduleAtFixedRate(this::tickSafely, 1, 1, TimeUnit.SECONDS);
    }

    synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** Applies what is due now; every second from the ticker, and from tests that move the clock. */
    void tick() {
        if (session.state().ended()) {
            return;
        }
        Instant elevationEnds = held.elevationEndsAt();
        if (elevationEnds != null && !ctx.clock().instant().isBefore(elevationEnds)) {
            endElevation();
        }
        switch (timeBox.dueNow()) {
            case WARN -> {
                String text = "session expires in " + DurationText.format(timeBox.remaining())
                        + ": extend it with a new justification or finish up";
                journal.afterTheFact(EventDraft.of(EventType.SESSION_WARN).withDetail(text));
                session.notice(text);
            }
            case EXPIRE ->
                session.expire(
                        SessionEnd.EXPIRED,
                        "time box of " + DurationText.format(ctx.justification().duration()) + " reached");
            case IDLE -> {
                if (activity.running()) {
                    timeBox.touch();
                } else {
                    session.expire(
                            SessionEnd.IDLE,
                            "idle for "
                                    + DurationText.format(ctx.policy().session().idleTimeout()));
                }
            }
            case NOTHING -> {}
        }
        if (!session.state().ended()) {
            listeners.timeLeft(timeBox.remaining());
            journal.unseen().forEach(listeners::journaled);
        }
    }

    private void endElevation() {
        held.elevationEndsAt(null);
        try {
            session.perform(new EndElevation());
        } catch (SessionFailure e) {
            LOG.warn("could not return to read-only after the elevation ended; closing the session", e);
            session.expire(SessionEnd.EXPIRED, "elevation ended and the read-only login failed: " + e.getMessage());
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("time box check failed", e);
        }
    }
}
