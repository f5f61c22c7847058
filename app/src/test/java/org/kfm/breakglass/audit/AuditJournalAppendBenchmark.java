package org.kfm.breakglass.audit;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.UUID;

/**
 * Not a test: measures how long {@code SessionRecorder.queryBegin} takes end to end (chain, write, fsync) with
 * only the local journal, i.e. the latency the audit adds before every statement.
 * Run: {@code java -cp app/target/classes:app/target/test-classes:<deps> org.kfm.breakglass.audit.AuditJournalAppendBenchmark [N]}
 */
public final class AuditJournalAppendBenchmark {

    private AuditJournalAppendBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        var dir = Files.createTempDirectory("bg-append-bench");
        long[] micros = new long[n];
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            var s = trail.beginSession(
                    UUID.randomUUID(), JournalFixture.OPERATOR, JournalFixture.TARGET, JournalFixture.JUSTIFICATION);
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                s.queryBegin(StatementRecord.before("SELECT owner FROM parcels WHERE id = " + i, "READ"));
                micros[i] = (System.nanoTime() - t) / 1000;
            }
            s.end("benchmark");
        }
        Arrays.sort(micros);
        System.out.printf(
                "%d durable appends: median %d µs, p90 %d µs, p99 %d µs, max %d µs%n",
                n, micros[n / 2], micros[n * 9 / 10], micros[n * 99 / 100], micros[n - 1]);
        try (var files = Files.list(dir)) {
            for (var f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
