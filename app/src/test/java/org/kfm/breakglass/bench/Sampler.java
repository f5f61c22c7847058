package org.kfm.breakglass.bench;

/** Times one action many times after a warm-up; each sample is one action's wall time in nanoseconds. */
final class Sampler {

    /** Something to time once. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private Sampler() {}

    static long[] sample(Action action, int warmUp, int iterations) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            action.run();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            action.run();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }
}
