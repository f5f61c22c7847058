package org.kfm.breakglass.audit;

import java.util.List;

/**
 * The part of an event the caller supplies: its type and typed payload. The {@link SessionRecorder} adds the
 * session context and the {@link AuditJournal} the chain members. {@code sealKey} is set by the trail on the
 * {@code session.start} of a session whose seal will be signed: the public key that must check it.
 */
public record EventDraft(
        EventType type,
        AuditJustification justification,
        StatementRecord stmt,
        TunnelChange tunnel,
        List<CheckResult> checks,
        String detail,
        Seal seal,
        String sealKey,
        SessionReview review,
        ReconciliationSummary reconciliation) {

    public EventDraft {
        if (type == null) {
            throw new IllegalArgumentException("event draft needs a type");
        }
        checks = checks == null ? null : List.copyOf(checks);
    }

    /** A draft with no payload. */
    public static EventDraft of(EventType type) {
        return new EventDraft(type, null, null, null, null, null, null, null, null, null);
    }

    public EventDraft withDetail(String newDetail) {
        return new EventDraft(
                type, justification, stmt, tunnel, checks, newDetail, seal, sealKey, review, reconciliation);
    }

    public EventDraft withStatement(StatementRecord newStmt) {
        return new EventDraft(
                type, justification, newStmt, tunnel, checks, detail, seal, sealKey, review, reconciliation);
    }

    public EventDraft withJustification(AuditJustification newJustification) {
        return new EventDraft(
                type, newJustification, stmt, tunnel, checks, detail, seal, sealKey, review, reconciliation);
    }

    public EventDraft withTunnel(TunnelChange newTunnel) {
        return new EventDraft(
                type, justification, stmt, newTunnel, checks, detail, seal, sealKey, review, reconciliation);
    }

    public EventDraft withChecks(List<CheckResult> newChecks) {
        return new EventDraft(
                type, justification, stmt, tunnel, newChecks, detail, seal, sealKey, review, reconciliation);
    }

    public EventDraft withReview(SessionReview newReview) {
        return new EventDraft(
                type, justification, stmt, tunnel, checks, detail, seal, sealKey, newReview, reconciliation);
    }

    public EventDraft withReconciliation(ReconciliationSummary newReconciliation) {
        return new EventDraft(
                type, justification, stmt, tunnel, checks, detail, seal, sealKey, review, newReconciliation);
    }

    EventDraft withSealKey(String newSealKey) {
        return new EventDraft(
                type, justification, stmt, tunnel, checks, detail, seal, newSealKey, review, reconciliation);
    }

    EventDraft withSeal(Seal newSeal) {
        return new EventDraft(
                type, justification, stmt, tunnel, checks, detail, newSeal, sealKey, review, reconciliation);
    }
}
