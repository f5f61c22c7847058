package org.kfm.breakglass.session;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.SummaryWebhook;
import org.kfm.breakglass.audit.WebhookSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console does about a session right after its seal, on the ending thread, so the CLI exits only after
 * it: the reconciliation the policy asks for ({@code reconcile.atSessionEnd}, through {@link AtSessionEnd}), told
 * to the session's listeners, then each webhook's session summary ({@link SummaryTemplate}). Nothing here can change the sealed session; a failure is reported, never a pass.
 */
final class AfterSeal {
    private static final Logger LOG = LoggerFactory.getLogger(AfterSeal.class);

    private final AfterSession after;
    private final UUID session;
    private final Optional<Path> kubeconfig;

    AfterSeal(AfterSession after, UUID session, Optional<Path> kubeconfig) {
        this.after = after;
        this.session = session;
        this.kubeconfig = kubeconfig;
    }

    /**
     * The reconciliation's result, when the policy asks for one (the listeners have been told); then the webhook
     * summaries, once each.
     */
    Optional<EndReconciliation> run(SessionListener listeners) {
        // At expiry the ending thread is the ticker's, which stopping the ticker has just interrupted: reading the
        // pod log and posting must not fail for that, so the flag is set aside and put back afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            return followUp(listeners);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Optional<EndReconciliation> followUp(SessionListener listeners) {
        Optional<EndReconciliation> reconciled = Optional.empty();
        if (after.policy().reconcile().atSessionEnd()) {
            EndReconciliation result = reconcile();
            LOG.info("session {} {}", session, result.line());
            listeners.reconciled(result);
            reconciled = Optional.of(result);
        }
        postSummaries(reconciled, listeners);
        return reconciled;
    }

    /**
     * Each webhook sink with a {@code summary} gets the session's summary once; one the endpoint does not take is
     * spooled (sent before the next one) and the operator is told, but the session, sealed, is not changed by it.
     */
    private void postSummaries(Optional<EndReconciliation> reconciled, SessionListener listeners) {
        var sinks = after.policy().audit().sinks().stream()
                .filter(s -> s.summary() != null)
                .toList();
        if (sinks.isEmpty()) {
            return;
        }
        Map<String, String> values;
        try {
            values = SessionSummary.values(after.auditDir(), session, reconciled);
        } catch (IOException e) {
            LOG.warn("the session summary could not be read from the journal: {}", e.getMessage());
            listeners.notice(
                    "the session summary was not posted: the journal could not be read (" + e.getMessage() + ")");
            return;
        }
        for (var sink : sinks) {
            Path spool = sink.spoolDir() != null
                    ? Path.of(sink.spoolDir())
                    : after.auditDir().resolve("webhook-spool");
            String body = SummaryTemplate.parse(sink.summary().template()).fill(values);
            try (var webhook = new SummaryWebhook(URI.create(sink.url()), spool, WebhookSink.Options.defaults())) {
                try {
                    webhook.post(body);
                    LOG.info("session {} summary posted to {}", session, webhook.name());
                } catch (IOException e) {
                    LOG.warn("session {} summary not posted to {}: {}", session, webhook.name(), e.getMessage());
                    listeners.notice("the session summary was not posted to " + webhook.name() + ": " + e.getMessage());
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("session {} summary not posted: {}", session, e.getMessage());
                listeners.notice("the session summary was not posted: " + e.getMessage());
            }
        }
    }

    private EndReconciliation reconcile() {
        String command = "breakglass audit reconcile " + after.auditDir() + " --session " + session;
        var implementation = AtSessionEnd.installed();
        if (implementation.isEmpty()) {
            LOG.error("reconcile.atSessionEnd is set but this console has no reconciliation (evidence) built in");
            return EndReconciliation.notReconciled("this console was built without the reconciliation", command);
        }
        try {
            return implementation.get().reconcile(after, session, kubeconfig);
        } catch (RuntimeException e) {
            LOG.error("reconciling session {} at its end failed", session, e);
            return EndReconciliation.notReconciled("the reconciliation failed (" + e + ")", command);
        }
    }
}
