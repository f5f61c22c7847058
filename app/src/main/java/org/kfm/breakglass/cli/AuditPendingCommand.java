package org.kfm.breakglass.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.kfm.breakglass.evidence.SessionReviewing;
import org.kfm.breakglass.session.DurationText;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass audit pending [DIR] [--older-than 24h]}: sealed sessions no one else has reviewed, oldest
 * first; exit 1 when any ended longer ago than the limit (a cron or CI gate).
 */
@Command(
        name = "pending",
        mixinStandardHelpOptions = true,
        description = "List sealed sessions without a review (exit 0 none overdue, 1 some overdue, 2 bad usage).")
final class AuditPendingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AfterSessionOptions options;

    @Option(
            names = "--older-than",
            defaultValue = "24h",
            description = "A session is overdue once it ended longer ago than this (default: ${DEFAULT-VALUE}).")
    String olderThan;

    @Override
    public Integer call() {
        Duration limit;
        try {
            limit = DurationText.parse(olderThan);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("audit pending: --older-than " + e.getMessage());
            return 2;
        }
        try {
            var pending = SessionReviewing.pending(options.afterSession(), options.dir(), limit);
            var out = spec.commandLine().getOut();
            pending.forEach(p -> out.println(TerminalText.escape(SessionReviewing.describe(p))));
            long overdue = pending.stream().filter(p -> p.overdue()).count();
            out.println(pending.size() + " session(s) without a review, " + overdue + " overdue (older than "
                    + DurationText.format(limit) + ")");
            return overdue > 0 ? 1 : 0;
        } catch (SessionFailure e) {
            spec.commandLine().getErr().println("audit pending: " + e.getMessage());
            return e.kind().exitCode();
        }
    }
}
