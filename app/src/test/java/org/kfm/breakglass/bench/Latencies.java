package org.kfm.breakglass.bench;

import java.util.Arrays;

/** Percentiles of one run's samples (nanoseconds in, milliseconds out). Nearest-rank on the sorted samples. */
record Latencies(int samples, double p50Ms, double p90Ms, double p99Ms, double meanMs, double maxMs) {

    static Latencies of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new Latencies(
                sorted.length,
                ms(rank(sorted, 0.50)),
                ms(rank(sorted, 0.90)),
                ms(rank(sorted, 0.99)),
                sum / sorted.length / 1e6,
                ms(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
