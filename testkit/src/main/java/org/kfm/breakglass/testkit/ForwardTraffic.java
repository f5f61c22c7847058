package org.kfm.breakglass.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fake cluster's port-forwards saw on the wire, summed over every forward since the last
 * {@link #reset()}: how clients frame their uploads, how many data bytes went to clients, and the close codes
 * clients sent. Tests observe a client's protocol behaviour here, at the server, where a kubelet would see it.
 */
public final class ForwardTraffic {

    private final AtomicLong framesFromClients = new AtomicLong();
    private final AtomicLong payloadFromClients = new AtomicLong();
    private final AtomicInteger largestFrameFromClients = new AtomicInteger();
    private final AtomicLong payloadToClients = new AtomicLong();
    private final List<Integer> closeCodesFromClients = new CopyOnWriteArrayList<>();
    private final List<String> closeReasonsFromClients = new CopyOnWriteArrayList<>();

    void frameFromClient(int frameLength) {
        framesFromClients.incrementAndGet();
        payloadFromClients.addAndGet(Math.max(0, frameLength - 1));
        largestFrameFromClients.accumulateAndGet(frameLength, Math::max);
    }

    void payloadToClient(int bytes) {
        payloadToClients.addAndGet(bytes);
    }

    void closeFromClient(int code, String reason) {
        closeCodesFromClients.add(code);
        closeReasonsFromClients.add(reason == null ? "" : reason);
    }

    /** Binary messages clients sent after the handshake. */
    public long framesFromClients() {
        return framesFromClients.get();
    }

    /** Data bytes clients sent (channel bytes not counted). */
    public long payloadFromClients() {
        return payloadFromClients.get();
    }

    /** The longest message a client sent, channel byte included. */
    public int largestFrameFromClients() {
        return largestFrameFromClients.get();
    }

    /** Data bytes sent to clients on channel 0 (the port headers not counted). */
    public long payloadToClients() {
        return payloadToClients.get();
    }

    /** The close codes clients sent, in the order they arrived. */
    public List<Integer> closeCodesFromClients() {
        return List.copyOf(closeCodesFromClients);
    }

    /** The close reasons clients sent, in the same order as {@link #closeCodesFromClients()}. */
    public List<String> closeReasonsFromClients() {
        return List.copyOf(closeReasonsFromClients);
    }

    /** Starts counting from zero. */
    public void reset() {
        framesFromClients.set(0);
        payloadFromClients.set(0);
        largestFrameFromClients.set(0);
        payloadToClients.set(0);
        closeCodesFromClients.clear();
        closeReasonsFromClients.clear();
    }
}
