package org.kfm.breakglass.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which Vert.x event loop threads serve the fake API server and which run the product's fabric8 client: both
 * Vert.x instances name their threads {@code vert.x-eventloop-thread-N}. Learned from stack samples taken while
 * a forward transfers (the warm-up copies), so the measured rounds run unsampled.
 */
final class LoopSides {

    enum Side {
        SERVER,
        CLIENT
    }

    private final Map<Long, int[]> votes = new ConcurrentHashMap<>();

    /** Samples every event loop's stack every few milliseconds while {@code work} runs. */
    void learnWhile(Sampler.Action work) throws Exception {
        var running = new AtomicBoolean(true);
        var sampler = Thread.ofPlatform().daemon().name("bench-loop-sides").start(() -> {
            while (running.get()) {
                Thread.getAllStackTraces().forEach(this::vote);
                try {
                    Thread.sleep(3);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            work.run();
        } finally {
            running.set(false);
            sampler.join();
        }
    }

    private void vote(Thread thread, StackTraceElement[] stack) {
        if (!thread.getName().startsWith("vert.x-eventloop")) {
            return;
        }
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("io.fabric8.mockwebserver")
                    || c.contains("Http1xServerConnection")
                    || c.contains("ServerWebSocket")
                    || c.startsWith("org.kfm.breakglass.testkit")) {
                votes.computeIfAbsent(thread.threadId(), id -> new int[2])[0]++;
                return;
            }
            if (c.startsWith("io.fabric8.kubernetes.client")
                    || c.contains("Http1xClientConnection")
                    || c.contains("ClientWebSocket")) {
                votes.computeIfAbsent(thread.threadId(), id -> new int[2])[1]++;
                return;
            }
        }
    }

    /** The side a loop thread was seen working for, or null when it was never caught doing either. */
    Side sideOf(long threadId) {
        int[] v = votes.get(threadId);
        if (v == null || v[0] == v[1]) {
            return null;
        }
        return v[0] > v[1] ? Side.SERVER : Side.CLIENT;
    }
}
