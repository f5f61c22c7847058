package org.kfm.breakglass.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of every live platform thread at one moment, by thread id, so a benchmark can say which threads spent a
 * window's CPU (virtual threads run on the carrier threads, which are listed as "ForkJoinPool-…-worker-N").
 */
record ThreadCpu(Map<Long, Long> nanos, Map<Long, String> names) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static ThreadCpu snapshot() {
        var nanos = new HashMap<Long, Long>();
        var names = new HashMap<Long, String>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return new ThreadCpu(nanos, names);
    }

    /** "name 123, name 45, …": CPU ms spent since {@code earlier}, threads over 5 ms, by name (GC/JIT grouped). */
    String since(ThreadCpu earlier) {
        var byName = new TreeMap<String, Long>();
        nanos.forEach((id, cpu) -> {
            long spent = cpu - earlier.nanos().getOrDefault(id, 0L);
            String name = names.get(id).replaceAll("[ #-]?\\d+$", "");
            byName.merge(name, spent, Long::sum);
        });
        return byName.entrySet().stream()
                .filter(e -> e.getValue() >= 5_000_000)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue() / 1_000_000)
                .collect(Collectors.joining(", "));
    }
}
