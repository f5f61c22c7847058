package org.kfm.breakglass.audit;

import java.io.IOException;

/**
 * A remote copy of the journal (syslog, webhook, Kubernetes Events …). The trail hands every event to every sink,
 * in journal order, after the event is durable locally.
 */
public interface AuditSink extends AutoCloseable {

    /** A short name for messages, e.g. {@code syslog tcp://loghost:6514}. Never contains credentials. */
    String name();

    /**
     * Delivers one canonical journal line (without newline) and returns only once the sink has accepted it as far
     * as its protocol can tell.
     *
     * @throws SpooledDeliveryException when not acknowledged but kept by the sink for later delivery
     * @throws IOException when the sink did not accept it; the trail keeps the line and re-sends it later
     */
    void deliver(String canonicalLine) throws IOException;

    /**
     * Lines the sink holds itself and has not delivered yet (a spool); 0 for sinks without one.
     */
    default int pending() {
        return 0;
    }

    /** Whether the last delivery (or connection attempt) succeeded. */
    boolean healthy();

    @Override
    default void close() throws IOException {}
}
