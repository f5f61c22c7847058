package org.kfm.breakglass.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One audit record, exactly as it is journaled (see docs/audit-format.md). Optional members are {@code null}
 * and omitted on the wire. {@code seq}, {@code id}, {@code time}, {@code prev} and {@code hash} are assigned by
 * the {@link AuditJournal}; {@code session}, {@code ei} and the context by the {@link SessionRecorder}.
 * {@code sealKey} (on {@code session.start} only) is the public key the session's seal signature must verify with.
 * {@code review} and {@code reconciliation} are the payloads of {@code session.review} and {@code session.reconciled}.
 */
public record AuditEvent(
        int v,
        long seq,
        UUID id,
        Instant time,
        EventType type,
        UUID session,
        Long ei,
        Operator operator,
        AuditTarget target,
        String ticket,
        String mode,
        AuditJustification justification,
        StatementRecord stmt,
        TunnelChange tunnel,
        List<CheckResult> checks,
        String detail,
        Seal seal,
        String sealKey,
        SessionReview review,
        ReconciliationSummary reconciliation,
        String prev,
        String hash) {

    /** The record format version written by this code. */
    public static final int FORMAT_VERSION = 1;

    public AuditEvent {
        checks = checks == null ? null : List.copyOf(checks);
        if (type == null) {
            throw new IllegalArgumentException("audit event needs a type");
        }
    }

    /** An unchained event: the journal assigns seq, id, time, prev and hash on append. */
    static AuditEvent unchained(
            EventDraft draft,
            UUID session,
            Long ei,
            Operator operator,
            AuditTarget target,
            String ticket,
            String mode) {
        return new AuditEvent(
                FORMAT_VERSION,
                0,
                null,
                null,
                draft.type(),
                session,
                ei,
                operator,
                target,
                ticket,
                mode,
                draft.justification(),
                draft.stmt(),
                draft.tunnel(),
                draft.checks(),
                draft.detail(),
                draft.seal(),
                draft.sealKey(),
                draft.review(),
                draft.reconciliation(),
                null,
                null);
    }

    AuditEvent chained(long newSeq, UUID newId, Instant newTime, String newPrev) {
        return new AuditEvent(
                v,
                newSeq,
                newId,
                newTime,
                type,
                session,
                ei,
                operator,
                target,
                ticket,
                mode,
                justification,
                stmt,
                tunnel,
                checks,
                detail,
                seal,
                sealKey,
                review,
                reconciliation,
                newPrev,
                null);
    }

    AuditEvent withHash(String newHash) {
        return new AuditEvent(
                v,
                seq,
                id,
                time,
                type,
                session,
                ei,
                operator,
                target,
                ticket,
                mode,
                justification,
                stmt,
                tunnel,
                checks,
                detail,
                seal,
                sealKey,
                review,
                reconciliation,
                prev,
                newHash);
    }
}
