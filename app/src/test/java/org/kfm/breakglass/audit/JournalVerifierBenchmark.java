package org.kfm.breakglass.audit;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Not a test: measures {@link JournalVerifier} over a generated journal of N events (default 1,000,000; 1,000
 * sessions of 1,000 events). Lines are made with the production serialisation and chain rule, without fsync.
 * Run: {@code java -cp app/target/classes:app/target/test-classes:<deps> org.kfm.breakglass.audit.JournalVerifierBenchmark [N [DIR to keep the journal]]}
 */
public final class JournalVerifierBenchmark {

    private JournalVerifierBenchmark() {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        boolean keep = args.length > 1;
        var dir = keep ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("bg-verify-bench");
        var file = dir.resolve("journal-2026-11-23.jsonl");
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            generate(file, n);
            long t1 = System.nanoTime();
            System.out.printf("generated %,d events, %,d MiB in %.1f s%n", n, Files.size(file) >> 20, (t1 - t0) / 1e9);
        }
        for (int round = 1; round <= 3; round++) {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            var report = JournalVerifier.verify(List.of(dir));
            long e = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime() - c;
            // CPU time too: on a shared, loaded machine wall time mostly measures the neighbours.
            System.out.printf(
                    "round %d: %s in %.2f s wall, %.2f s CPU (%,.0f events/CPU-s)%n",
                    round, report.summary(), (e - s) / 1e9, cpu / 1e9, report.events() / (cpu / 1e9));
        }
        if (!keep) {
            Files.delete(file);
            Files.delete(dir);
        }
    }

    private static void generate(Path file, long n) throws Exception {
        var hash = new ChainHash();
        String prev = ChainHash.GENESIS;
        var time = Instant.parse("2026-11-23T08:00:00Z");
        UUID session = null;
        long ei = 0;
        String lastOfSession = null;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long seq = 0; seq < n; seq++) {
                EventDraft draft;
                long pos = seq % 1000;
                if (pos == 0) {
                    session = UUID.randomUUID();
                    ei = 0;
                    draft = EventDraft.of(EventType.SESSION_START).withJustification(JournalFixture.JUSTIFICATION);
                } else if (pos == 999 || seq == n - 1) {
                    draft = new EventDraft(
                            EventType.JOURNAL_SEAL,
                            null,
                            null,
                            null,
                            null,
                            null,
                            new Seal(ei, lastOfSession, null),
                            null,
                            null,
                            null);
                } else if (pos == 998) {
                    draft = EventDraft.of(EventType.SESSION_END).withDetail("done");
                } else {
                    draft = EventDraft.of(pos % 2 == 1 ? EventType.QUERY_BEGIN : EventType.QUERY_END)
                            .withStatement(new StatementRecord(
                                    "SELECT owner, geom FROM parcels WHERE id = " + seq,
                                    "READ",
                                    pos % 2 == 1 ? null : 1L,
                                    pos % 2 == 1 ? null : 2.5,
                                    null,
                                    null,
                                    null,
                                    null));
                }
                var event = AuditEvent.unchained(
                                draft,
                                session,
                                ei,
                                JournalFixture.OPERATOR,
                                JournalFixture.TARGET,
                                "INC-1234",
                                "read-only")
                        .chained(seq, UUID.randomUUID(), time.plusMillis(seq), prev);
                var h = hash.of(prev, CanonicalJson.write(event, false));
                w.write(CanonicalJson.write(event.withHash(h), true));
                w.write('\n');
                prev = h;
                lastOfSession = h;
                ei++;
            }
        }
    }
}
