package org.kfm.breakglass.audit;

import java.io.IOException;
import java.time.Duration;

/**
 * Retries a spooled sink's backlog in the background every {@code interval} while the spool holds lines, so a
 * sink that comes back is caught up even when the console records nothing new.
 */
final class BacklogRetry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BacklogRetry.class.getName());

    /** One attempt to deliver the backlog. */
    @FunctionalInterface
    interface Attempt {
        void run() throws IOException;
    }

    private final String sinkName;
    private final Duration interval;
    private final DiskSpool spool;
    private final Attempt attempt;
    private final Thread thread;
    private volatile boolean closed;

    BacklogRetry(String sinkName, Duration interval, DiskSpool spool, Attempt attempt) {
        this.sinkName = sinkName;
        this.interval = interval;
        this.spool = spool;
        this.attempt = attempt;
        this.thread = Thread.ofVirtual().name("audit-backlog-" + sinkName).start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed && spool.size() > 0) {
                try {
                    attempt.run();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "{0} still unavailable: {1}", sinkName, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
