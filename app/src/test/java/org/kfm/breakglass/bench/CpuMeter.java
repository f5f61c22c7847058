package org.kfm.breakglass.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time spent on a piece of work, by who spent it. On a shared, loaded machine wall time mostly measures the
 * scheduler; CPU per megabyte says what each side of the tunnel costs.
 *
 * <p>This JVM holds only the client (the fake cluster runs in {@link ClusterProcess}), so every thread here is the
 * product's: its threads are grouped by role from their names, and whatever the process spent beyond its Java
 * threads (GC workers, JIT compilers, VM threads, which {@link ThreadMXBean} does not list) is its own row. Other
 * processes (the cluster JVM, the PostgreSQL backend serving the connection) are read as whole processes.
 */
final class CpuMeter {

    /** The client's total: the whole benchmark JVM process. */
    static final String CLIENT_TOTAL = "client total (whole JVM)";

    static final String PGJDBC = "client: main thread (pgjdbc, socket reads)";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<Long, Long> startByThread = new HashMap<>();
    private final Map<String, Long> otherProcesses;
    private final Map<String, Duration> otherStart = new HashMap<>();
    private final long processStart;

    private CpuMeter(Map<String, Long> otherProcesses) {
        this.otherProcesses = otherProcesses;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                startByThread.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
            }
        }
        otherProcesses.forEach((role, pid) -> otherStart.put(role, cpuOf(pid)));
        processStart = OS.getProcessCpuTime();
    }

    /** Starts measuring this JVM and the given processes (role → pid). */
    static CpuMeter start(Map<String, Long> otherProcesses) {
        return new CpuMeter(new LinkedHashMap<>(otherProcesses));
    }

    /** CPU milliseconds per role since {@link #start}, plus {@link #CLIENT_TOTAL}. */
    Map<String, Double> stop() {
        long processNow = OS.getProcessCpuTime();
        Map<String, Double> byRole = new TreeMap<>();
        double threads = 0;
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
            byRole.merge(role(info.getThreadName()), ms, Double::sum);
            threads += ms;
        }
        double process = (processNow - processStart) / 1e6;
        byRole.put("client: JVM itself (GC, JIT, VM threads)", Math.max(0, process - threads));
        byRole.put(CLIENT_TOTAL, process);
        otherProcesses.forEach((role, pid) ->
                byRole.put(role, cpuOf(pid).minus(otherStart.get(role)).toNanos() / 1e6));
        return byRole;
    }

    /** Thread names as the libraries and the product give them. */
    static String role(String name) {
        if (name.equals("main")) {
            return PGJDBC;
        }
        if (name.startsWith("vert.x-eventloop")) {
            return "client: Vert.x event loops (TLS decrypt, websocket frames)";
        }
        // Anything else by its name with the numbers taken out, so a thread nobody expected shows up by name.
        return "client: thread '" + name.replaceAll("\\d+", "N") + "'";
    }

    /** A process's total CPU time from the OS (clock-tick resolution), zero once it is gone. */
    private static Duration cpuOf(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }
}
