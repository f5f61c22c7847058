package org.kfm.breakglass.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.audit.VerificationReport;

/**
 * A large journal written by the real journal code (sessions of {@code query.begin}/{@code query.end} pairs,
 * each session started, ended and sealed), then verified with {@link JournalVerifier}.
 *
 * <p>Written to a tmpfs directory: a million real fsyncs on a disk would take as long as a day of use, and the
 * verifier reads the files back from the page cache either way.
 */
final class JournalCorpus {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final int PAIRS_PER_SESSION = 499; // + start, end, seal = 1,001 events per session

    private JournalCorpus() {}

    /** Writes at least {@code events} events into {@code dir}; returns how many it wrote. */
    static long write(Path dir, long events) throws Exception {
        long written = 0;
        var statement = StatementRecord.before("SELECT owner FROM parcels WHERE id = 42", "READ");
        var ended = AuditAppends.ended();
        try (var trail = AuditTrail.open(AuditSettings.localOnly(dir).withClock(CLOCK))) {
            while (written < events) {
                var session = trail.beginSession(
                        UUID.randomUUID(), AuditAppends.OPERATOR, AuditAppends.TARGET, AuditAppends.JUSTIFICATION);
                for (int i = 0; i < PAIRS_PER_SESSION; i++) {
                    session.queryBegin(statement);
                    session.queryEnd(ended);
                }
                session.end("benchmark corpus");
                written += 2L * PAIRS_PER_SESSION + 3;
            }
        }
        return written;
    }

    static VerificationReport verify(Path dir) throws Exception {
        return JournalVerifier.verify(List.of(dir));
    }
}
