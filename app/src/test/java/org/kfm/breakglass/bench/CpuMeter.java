package org.kfm.breakglass.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time this JVM spends on a piece of work, per thread role. On a shared, loaded machine wall time mostly
 * measures the scheduler; CPU per megabyte says what the tunnel itself costs, and where (the fake cluster's
 * bridge and the product's client run in this same JVM).
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> startByThread = new java.util.HashMap<>();
    private final Map<Long, String> roleByThread = new java.util.HashMap<>();

    private final LoopSides sides;

    private CpuMeter(LoopSides sides) {
        this.sides = sides;
    }

    static CpuMeter start(LoopSides sides) {
        var meter = new CpuMeter(sides);
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                meter.startByThread.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
            }
        }
        return meter;
    }

    /** CPU milliseconds per role since {@link #start()}, roles sorted by name, plus {@code total}. */
    Map<String, Double> stop() {
        Map<String, Double> byRole = new TreeMap<>();
        double total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            double ms = (now - startByThread.getOrDefault(info.getThreadId(), 0L)) / 1e6;
            if (ms <= 0) {
                continue;
            }
            byRole.merge(role(info.getThreadId(), info.getThreadName()), ms, Double::sum);
            total += ms;
        }
        byRole.put("total", total);
        return byRole;
    }

    /** Thread names as the harness and the libraries give them. */
    String role(long threadId, String name) {
        if (name.equals("main")) {
            return "pgjdbc (main)";
        }
        if (name.startsWith("portforward-")) {
            return "bridge (testkit)";
        }
        if (name.startsWith("vert.x-eventloop")) {
            var side = sides.sideOf(threadId);
            return side == LoopSides.Side.SERVER
                    ? "server loop (fake API server, TLS encrypt)"
                    : side == LoopSides.Side.CLIENT
                            ? "client loop (fabric8 Vert.x, TLS decrypt)"
                            : "event loops (side unknown)";
        }
        if (name.contains("pool-") && name.contains("-thread-")) {
            return "client executors (fabric8 pump/serial)";
        }
        if (name.startsWith("C1 ") || name.startsWith("C2 ") || name.startsWith("GC") || name.contains("G1")) {
            return "JIT/GC";
        }
        return "other";
    }
}
