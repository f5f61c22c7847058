package org.kfm.breakglass.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.evidence.SessionReviewing;
import org.kfm.breakglass.session.SessionFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass audit review [DIR] --session ID --verdict V --note "…" [--evidence SHA]}: journals a
 * {@code session.review} by the person running it (the kubeconfig's Kubernetes user and the OS user). The session's
 * own operator is refused with exit 3.
 */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "Record your review of a sealed session (exit 0 journaled, 2 bad usage, 3 your own session or"
                + " a required audit sink down, 4 the cluster cannot say who you are).")
final class AuditReviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AfterSessionOptions options;

    @Option(names = "--session", required = true, description = "The session's id (audit pending lists them).")
    String session;

    @Option(names = "--verdict", required = true, description = "legitimate, drill or misuse.")
    String verdict;

    @Option(names = "--note", required = true, description = "What was checked and what was found.")
    String note;

    @Option(
            names = "--evidence",
            description = "SHA-256 of the evidence pack's manifest you reviewed (evidence verify prints it).")
    String evidence;

    @Override
    public Integer call() {
        try {
            long seq = SessionReviewing.review(
                    options.afterSession(),
                    options.dir(),
                    session,
                    verdict,
                    note,
                    Optional.ofNullable(evidence),
                    options.kubeconfig(),
                    options.context());
            spec.commandLine()
                    .getOut()
                    .println("reviewed session " + session + ": " + verdict + " (journaled as session.review, seq "
                            + seq + ")");
            return 0;
        } catch (SessionFailure e) {
            spec.commandLine().getErr().println("audit review: " + e.getMessage());
            return e.kind().exitCode();
        }
    }
}
