package org.kfm.breakglass.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The session's clock rules: a hard expiry, an idle timeout, and one warning before expiry. It decides; it does
 * not act. {@link #due(Instant)} says what is due now, and the session (driven by a ticker in production, by the
 * test's clock in tests) carries it out and journals it.
 */
public final class TimeBox {
    /** What the time box says is due. */
    public enum Due {
        NOTHING,
        WARN,
        EXPIRE,
        IDLE
    }

    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration warnBefore;
    private Instant expiresAt;
    private Instant lastActivity;
    private boolean warned;

    public TimeBox(Clock clock, Duration length, Duration idleTimeout, Duration warnBefore) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.warnBefore = warnBefore;
        Instant now = clock.instant();
        this.expiresAt = now.plus(length);
        this.lastActivity = now;
    }

    public synchronized Instant expiresAt() {
        return expiresAt;
    }

    public synchronized Duration remaining() {
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** An operator action happened: the idle timer starts again. */
    public synchronized void touch() {
        lastActivity = clock.instant();
    }

    /** A justified extension: the new expiry counts from now, and the warning may fire again. */
    public synchronized void extend(Duration length) {
        expiresAt = clock.instant().plus(length);
        warned = false;
    }

    /** Shortens the box (an elevation cannot outlive its session, and vice versa). */
    public synchronized Optional<Instant> capAt(Instant limit) {
        if (limit.isBefore(expiresAt)) {
            expiresAt = limit;
            return Optional.of(limit);
        }
        return Optional.empty();
    }

    /** What is due at {@code now}; a warning is reported once per expiry. */
    public synchronized Due due(Instant now) {
        if (!now.isBefore(expiresAt)) {
            return Due.EXPIRE;
        }
        if (!now.isBefore(lastActivity.plus(idleTimeout))) {
            return Due.IDLE;
        }
        if (!warned && !now.isBefore(expiresAt.minus(warnBefore))) {
            warned = true;
            return Due.WARN;
        }
        return Due.NOTHING;
    }

    public Due dueNow() {
        return due(clock.instant());
    }
}
