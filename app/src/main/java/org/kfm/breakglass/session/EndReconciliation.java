package org.kfm.breakglass.session;

import java.util.Locale;

/**
 * What the automatic reconciliation at session end ({@code reconcile.atSessionEnd}) found, for the operator: the
 * verdict as the journal names it ({@code clean}, {@code warn}, {@code fail}, {@code not-reconciled}), one line of
 * summary, and the command that shows the whole report. Told to the session's listeners after the seal.
 *
 * @param journaledSeq the {@code session.reconciled} line's sequence number, or -1 when it could not be journaled
 */
public record EndReconciliation(String verdict, String summary, String reportCommand, long journaledSeq) {

    /** Nothing was compared, and why (the wording an operator reads; never a pass). */
    public static EndReconciliation notReconciled(String reason, String reportCommand) {
        return new EndReconciliation("not-reconciled", "not reconciled: " + reason, reportCommand, -1);
    }

    /** A FAIL finding: something ran with the session's credentials outside the console (exit 1 for the CLI). */
    public boolean foundProblem() {
        return verdict.equals("fail");
    }

    /** The one line the CLI prints on stderr. */
    public String line() {
        return "reconciled at session end: " + verdict.toUpperCase(Locale.ROOT) + " — " + summary + " (report: "
                + reportCommand + ")";
    }
}
