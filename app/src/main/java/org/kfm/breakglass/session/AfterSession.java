package org.kfm.breakglass.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.AuditUnavailableException;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.JournalEntry;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.KubeconfigCatalog;
import org.kfm.breakglass.kube.PodLogReader;
import org.kfm.breakglass.sql.ConnectSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is done about a session once it is sealed — reconciling it with the server's log, packing its evidence,
 * reviewing it (docs/decisions/0014): the policy and journal in force, who is acting (the API server's word for the
 * Kubernetes user, and the OS user), the pod logs read through kube, and journaling {@code session.review} /
 * {@code session.reconciled} through the audit trail's after-session path, fail-closed like any record.
 */
public final class AfterSession {
    private static final Logger LOG = LoggerFactory.getLogger(AfterSession.class);

    /** What could be read of the session's pods' logs, or why nothing could. */
    public sealed interface PodLogs {
        /** The container logs read, each with its source. */
        record Read(List<PodLog> logs) implements PodLogs {
            public Read {
                logs = List.copyOf(logs);
            }
        }

        /** Nothing could be read; the reason says what failed and what would fix it. */
        record Unavailable(String reason) implements PodLogs {}
    }

    /** One container's log: where it came from (for reports) and its lines. */
    public record PodLog(String source, List<String> lines) {
        public PodLog {
            lines = List.copyOf(lines);
        }
    }

    private final SessionGateway gateway;
    private final Clock clock;

    private AfterSession(SessionGateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    /** The policy (flag, env, XDG, defaults) and the journal directory (flag, the policy's, XDG) as for a session. */
    public static AfterSession create(Optional<Path> policyFile, Optional<Path> auditDirFlag) throws SessionFailure {
        return new AfterSession(SessionGateway.create(policyFile, auditDirFlag), Clock.systemUTC());
    }

    /**
     * The after-session side of a gateway already made (the console's, or a session just sealed: {@link AfterSeal}),
     * so it reads the same policy and journal.
     */
    public static AfterSession of(SessionGateway gateway, Clock clock) {
        return new AfterSession(gateway, clock);
    }

    public Policy policy() {
        return gateway.policy();
    }

    public String policySource() {
        return gateway.policySource();
    }

    public Path auditDir() {
        return gateway.auditDir();
    }

    public Clock clock() {
        return clock;
    }

    /** The {@code application_name} the console's connections of a session carry. */
    public static String applicationName(UUID session) {
        return ConnectSpec.applicationNameFor(session.toString());
    }

    /**
     * Who is acting: this process's OS user and host, and the Kubernetes user the API server names for the
     * kubeconfig's credentials (as a session records its operator), so a review can be told from a self-review.
     *
     * @throws SessionFailure the kubeconfig cannot be used (exit 2) or the API server cannot say who this is (4)
     */
    public Operator actor(Optional<Path> kubeconfig, Optional<String> context) throws SessionFailure {
        try (var access = open(kubeconfig, context)) {
            return Operator.ofCurrentProcess(access.whoAmI().user());
        } catch (KubeAccessException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION,
                    "cannot establish who you are from the kubeconfig (" + e.getMessage()
                            + "): the journal records who acts on a session",
                    e);
        }
    }

    /**
     * Reads the pods' database container logs from {@code since} on. Never throws for the cluster's refusal: a
     * missing {@code pods/log} permission, a gone pod or an unreachable API server is {@link PodLogs.Unavailable}
     * with the reason, so the caller reports "not reconciled", never a pass.
     */
    public PodLogs podLogs(
            Optional<Path> kubeconfig,
            Optional<String> context,
            String namespace,
            List<String> pods,
            Optional<String> container,
            Instant since) {
        if (pods.isEmpty()) {
            return new PodLogs.Unavailable("the journal names no pod for the session (it never reached one)");
        }
        try (var access = open(kubeconfig, context)) {
            var reader = new PodLogReader(access);
            var logs = new ArrayList<PodLog>();
            for (var pod : pods) {
                reader.read(namespace, pod, container, since).forEach(l -> logs.add(new PodLog(l.source(), l.lines())));
            }
            return new PodLogs.Read(logs);
        } catch (KubeAccessException | IllegalArgumentException e) {
            LOG.warn("the server log could not be read: {}", e.getMessage());
            return new PodLogs.Unavailable(e.getMessage());
        } catch (SessionFailure e) {
            return new PodLogs.Unavailable(e.getMessage());
        }
    }

    /**
     * Journals a {@code session.review} or {@code session.reconciled} event as an event of no session, through the
     * policy's remote sinks (webhook, syslog; the cluster witness and Service events are per session): it returns
     * only when the event is durable locally and every required sink took it.
     *
     * @throws SessionFailure the journal cannot be opened (exit 2) or a required sink is down (exit 3)
     */
    public JournalEntry record(EventDraft draft, Operator actor) throws SessionFailure {
        AuditTrail trail;
        try {
            trail = AuditTrail.open(
                    new AuditSinkFactory(policy()).settings(auditDir(), clock, Optional.empty(), Optional.empty()));
        } catch (IOException | RuntimeException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "the audit journal at " + auditDir() + " cannot be opened (" + e.getMessage() + ")",
                    e);
        }
        try (trail) {
            return trail.recordAfterSession(draft, actor);
        } catch (AuditUnavailableException e) {
            throw new SessionFailure(SessionFailure.Kind.DENIED, "not journaled: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED, "closing the audit journal failed: " + e.getMessage(), e);
        }
    }

    private static ClusterAccess open(Optional<Path> kubeconfig, Optional<String> context) throws SessionFailure {
        KubeconfigCatalog catalog;
        try {
            catalog = kubeconfig.map(KubeconfigCatalog::load).orElseGet(KubeconfigCatalog::fromEnvironment);
            String name = context.or(() -> catalog.currentContext().map(c -> c.name()))
                    .orElseThrow(() -> new SessionFailure(
                            SessionFailure.Kind.USAGE,
                            "the kubeconfig has no current context: pass --context (see breakglass contexts)"));
            return ClusterAccess.open(catalog, name);
        } catch (KubeAccessException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }
}
