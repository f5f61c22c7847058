package org.kfm.breakglass.audit;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Not a test: measures how long {@code SessionRecorder.queryBegin} takes end to end (lock, chain, write, fsync)
 * with only the local journal, i.e. the latency the audit adds before every statement. With {@code WRITERS} > 1,
 * that many trails in this JVM append to the same directory at once (each append then usually re-reads the head).
 * Run: {@code java -cp app/target/classes:app/target/test-classes:<deps>
 * org.kfm.breakglass.audit.AuditJournalAppendBenchmark [N] [WRITERS]}; {@code -Djava.io.tmpdir=/dev/shm} leaves out
 * the disk and shows what the journal itself costs.
 */
public final class AuditJournalAppendBenchmark {

    private AuditJournalAppendBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        var dir = Files.createTempDirectory("bg-append-bench");
        long[] micros = new long[n * writers];
        var start = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        var failures = new ArrayList<Throwable>();
        for (int w = 0; w < writers; w++) {
            final int offset = w * n;
            var thread = new Thread(() -> {
                try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
                    var s = trail.beginSession(
                            UUID.randomUUID(),
                            JournalFixture.OPERATOR,
                            JournalFixture.TARGET,
                            JournalFixture.JUSTIFICATION);
                    start.await();
                    for (int i = 0; i < n; i++) {
                        long t = System.nanoTime();
                        s.queryBegin(StatementRecord.before("SELECT owner FROM parcels WHERE id = " + i, "READ"));
                        micros[offset + i] = (System.nanoTime() - t) / 1000;
                    }
                    s.end("benchmark");
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        long began = System.nanoTime();
        start.countDown();
        for (var t : threads) {
            t.join();
        }
        long wallMillis = (System.nanoTime() - began) / 1_000_000;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a writer failed", failures.getFirst());
        }
        Arrays.sort(micros);
        int all = micros.length;
        System.out.printf(
                "%d writer(s) x %d durable appends: median %d µs, p90 %d µs, p99 %d µs, max %d µs; %d appends/s%n",
                writers,
                n,
                micros[all / 2],
                micros[all * 9 / 10],
                micros[all * 99 / 100],
                micros[all - 1],
                wallMillis == 0 ? 0 : all * 1000L / wallMillis);
        try (var files = Files.walk(dir)) {
            for (var f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
