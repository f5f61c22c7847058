package org.kfm.breakglass.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an operator's statement is running now: a running statement is not idleness, and a session that ends
 * while one runs waits (bounded) for it to journal its outcome before sealing.
 */
final class StatementActivity {
    private static final Logger LOG = LoggerFactory.getLogger(StatementActivity.class);

    private final Object done = new Object();
    private boolean running;

    void started() {
        synchronized (done) {
            running = true;
        }
    }

    void finished() {
        synchronized (done) {
            running = false;
            done.notifyAll();
        }
    }

    boolean running() {
        synchronized (done) {
            return running;
        }
    }

    /**
     * A statement cut off by expiry or by a close from another thread must still journal its outcome
     * ({@code query.failed}) before {@code session.end} seals the trail; the cancel makes that quick. Bounded, so
     * a statement stuck on a dead tunnel cannot keep the session open: closing its link ends it then.
     */
    void awaitFinished(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        synchronized (done) {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn(
                            "the cancelled statement did not finish within {}; closing its connection",
                            DurationText.format(drain));
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(done, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
