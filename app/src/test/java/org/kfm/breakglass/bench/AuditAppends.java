package org.kfm.breakglass.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.audit.StatementRecord;

/**
 * The real journal's cost per event: {@code query.begin} / {@code query.end} through {@link SessionRecorder} with
 * local-only settings, i.e. canonical JSON, SHA-256 chain, write and {@code fsync} per event.
 */
final class AuditAppends {

    static final Operator OPERATOR = new Operator("bench", "bench-host", "breakglass-operator@example.org");
    static final AuditTarget TARGET = new AuditTarget(
            "fake",
            "https://127.0.0.1:6443",
            "kfm-stage",
            "postgis",
            "postgis-0",
            "00000000-0000-4000-8000-000000000000",
            "kfm",
            "kfm_reader");
    static final AuditJustification JUSTIFICATION =
            new AuditJustification("benchmark of the audit journal append latency", "BENCH-1", 1800L, "read-only");
    private static final String SQL = "SELECT 1";

    private AuditAppends() {}

    /** Samples single appends (alternating begin and end, as a statement does) in a fresh journal in {@code dir}. */
    static long[] sample(Path dir, int warmUp, int iterations) throws Exception {
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir))) {
            SessionRecorder session = trail.beginSession(UUID.randomUUID(), OPERATOR, TARGET, JUSTIFICATION);
            boolean[] begin = {true};
            long[] nanos = Sampler.sample(
                    () -> {
                        if (begin[0]) {
                            session.queryBegin(StatementRecord.before(SQL, "READ"));
                        } else {
                            session.queryEnd(ended());
                        }
                        begin[0] = !begin[0];
                    },
                    warmUp,
                    iterations);
            session.end("benchmark done");
            return nanos;
        }
    }

    static StatementRecord ended() {
        return new StatementRecord(SQL, "READ", 1L, 0.2, null, List.of("?column?"), "ab".repeat(32), null);
    }
}
