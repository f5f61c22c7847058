package org.kfm.breakglass.cli;

import java.util.concurrent.Callable;
import org.kfm.breakglass.evidence.SessionReconciliation;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass audit reconcile [DIR] --session ID}: the session's journal against the server's pgaudit log,
 * read from its pod through the cluster; journals {@code session.reconciled}. Exit 0 clean (or warnings only), 1
 * when a statement ran with the session's credentials outside the console or nothing could be compared.
 */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description = "Compare a sealed session's journal with the database server's own (pgaudit) log and journal"
                + " the result (exit 0 clean, 1 a statement outside the console or not reconciled).")
final class AuditReconcileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AfterSessionOptions options;

    @Option(names = "--session", required = true, description = "The session's id (audit show lists them).")
    String session;

    @Override
    public Integer call() {
        try {
            var outcome = SessionReconciliation.run(
                    options.afterSession(), options.dir(), session, options.kubeconfig(), options.context());
            var out = spec.commandLine().getOut();
            out.print(TerminalText.escape(outcome.text()));
            out.println("journaled as session.reconciled, seq " + outcome.journaledSeq());
            return outcome.exitCode();
        } catch (SessionFailure e) {
            spec.commandLine().getErr().println("audit reconcile: " + e.getMessage());
            return e.kind().exitCode();
        }
    }
}
