package org.kfm.breakglass.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.AuditUnavailableException;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.KubeContext;
import org.kfm.breakglass.kube.KubeNames;
import org.kfm.breakglass.kube.KubeconfigCatalog;
import org.kfm.breakglass.kube.ServiceEvents;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.WitnessObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way into a break-glass session. It checks the justification against the policy, opens the audit
 * trail (recovering anything a crash left behind), and journals {@code session.start} before it touches the
 * cluster for anything but who-am-I. The CLI and the GUI both start here, so both obey the same rules.
 */
public final class SessionGateway {
    private static final Logger LOG = LoggerFactory.getLogger(SessionGateway.class);

    private final Policy policy;
    private final String policySource;
    private final Path auditDir;
    private final Clock clock;

    private SessionGateway(Policy policy, String policySource, Path auditDir, Clock clock) {
        this.policy = policy;
        this.policySource = policySource;
        this.auditDir = auditDir;
        this.clock = clock;
    }

    /**
     * Loads the policy (flag, then {@code BREAKGLASS_POLICY}, then XDG config, then defaults) and decides where
     * the journal lives (flag, then the policy, then the XDG state dir).
     */
    public static SessionGateway create(Optional<Path> policyFile, Optional<Path> auditDirFlag) throws SessionFailure {
        return create(policyFile, auditDirFlag, System.getenv(), Clock.systemUTC());
    }

    public static SessionGateway create(
            Optional<Path> policyFile, Optional<Path> auditDirFlag, Map<String, String> env, Clock clock)
            throws SessionFailure {
        try {
            var loaded = new PolicyLoader().load(policyFile, env);
            Path auditDir = auditDirFlag
                    .or(() -> Optional.ofNullable(loaded.policy().audit().dir()).map(Path::of))
                    .orElseGet(() -> XdgDirs.from(env).auditDir());
            return new SessionGateway(loaded.policy(), loaded.source(), auditDir, clock);
        } catch (PolicyException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    public Policy policy() {
        return policy;
    }

    public String policySource() {
        return policySource;
    }

    public Path auditDir() {
        return auditDir;
    }

    public JustificationRules rules() {
        return policy.justificationRules();
    }

    /** The policy's cap on one submitted SQL text, in UTF-8 bytes. */
    public long maxScriptBytes() {
        return policy.session().maxScriptBytes();
    }

    /**
     * Refuses SQL text that cannot or should not be sent ({@link SubmittedSql}) — for the CLI, before it opens
     * anything.
     */
    public void checkScript(String sql) throws SessionFailure {
        SubmittedSql.check(sql, maxScriptBytes());
    }

    /** The kubeconfig's contexts, current first, for the start screen and {@code breakglass contexts}. */
    public List<ContextSummary> contexts(Path kubeconfig) throws SessionFailure {
        try {
            return catalog(kubeconfig).contexts().stream()
                    .map(c -> new ContextSummary(
                            c.name(), c.serverUrl(), c.namespace(), c.user(), c.current(), c.tlsVerificationDisabled()))
                    .toList();
        } catch (KubeAccessException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    /**
     * Every PostgreSQL target in a namespace ({@code breakglass targets}): kind, the {@code --target} to pass, the
     * pod it resolves to, the Ready replicas and the Secret. Read-only and not journaled; refused where the policy
     * allows no session, since there is nothing to do there.
     */
    public TargetListing targets(Path kubeconfig, String contextName, String namespace) throws SessionFailure {
        if (namespace != null && !namespace.isBlank()) {
            checkName(() -> KubeNames.requireNamespace(namespace));
        }
        if (contextName != null && !contextName.isBlank()) {
            checkName(() -> KubeNames.requireContext(contextName));
        }
        KubeconfigCatalog catalog = catalogOrFail(kubeconfig);
        KubeContext context = contextOrFail(catalog, contextName);
        String ns = namespace != null && !namespace.isBlank() ? namespace : context.namespace();
        checkName(() -> KubeNames.requireNamespace(ns));
        if (!policy.targets().allows(context.name(), ns)) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "the policy does not allow break-glass sessions to context '" + context.name() + "' namespace '"
                            + ns + "' (" + policySource + ")");
        }
        try (ClusterAccess access = openAccess(catalog, context.name())) {
            var problem = access.credentialProblem();
            if (problem.isPresent()) {
                throw new SessionFailure(SessionFailure.Kind.DENIED, problem.get());
            }
            return TargetDiscovery.list(access, policy, ns);
        } catch (KubeAccessException e) {
            throw new SessionFailure(
                    e.connectionFailed() ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.DENIED,
                    e.getMessage(),
                    e);
        }
    }

    /**
     * Starts a session: nothing is opened unless the justification is acceptable and {@code session.start} is
     * durable in every required audit sink.
     */
    public BreakGlassSession start(TargetChoice choice, Justification justification) throws SessionFailure {
        try {
            rules().check(justification);
        } catch (JustificationRejected e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE, "no justification, no access: " + String.join("; ", e.problems()), e);
        }
        if (justification.mode() != AccessMode.READ_ONLY) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "a session always starts read-only; " + "elevate inside the session with a second justification");
        }
        if (choice.database() != null && choice.database().isBlank()) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "name the database to open (--database), or leave -d out to use the Secret's database");
        }
        TargetRef target = parseTarget(choice.target());
        boolean namespaceGiven =
                choice.namespace() != null && !choice.namespace().isBlank();
        boolean contextGiven = choice.context() != null && !choice.context().isBlank();
        if (namespaceGiven) {
            checkName(() -> KubeNames.requireNamespace(choice.namespace()));
        }
        if (contextGiven) {
            checkName(() -> KubeNames.requireContext(choice.context()));
        }
        KubeconfigCatalog catalog = catalogOrFail(choice.kubeconfig());
        KubeContext context = contextOrFail(catalog, choice.context());
        String namespace = namespaceGiven ? choice.namespace() : context.namespace();
        // The kubeconfig's own namespace goes into URL paths just the same.
        checkName(() -> KubeNames.requireNamespace(namespace));
        if (!policy.targets().allows(context.name(), namespace)) {
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "the policy does not allow break-glass sessions " + "to context '" + context.name()
                            + "' namespace '" + namespace + "' (" + policySource + ")");
        }

        ClusterAccess access = openAccess(catalog, context.name());
        AuditTrail trail = openTrail(access, namespace, target);
        try {
            String kubeUser = kubeUserOrUnknown(access);
            var auditTarget = new AuditTarget(
                    context.name(),
                    access.serverUrl(),
                    namespace,
                    target.kind() == TargetRef.Kind.SERVICE ? target.name() : null,
                    target.kind() == TargetRef.Kind.POD ? target.name() : null,
                    null,
                    choice.database(),
                    null);
            var id = UUID.randomUUID();
            var recorder = trail.beginSession(
                    id,
                    Operator.ofCurrentProcess(kubeUser),
                    auditTarget,
                    new AuditJustification(
                            justification.reason(),
                            justification.ticket(),
                            justification.duration().toSeconds(),
                            justification.mode().wireName()));
            LOG.info(
                    "break-glass session {} started: context={} namespace={} target={} database={} ticket={}",
                    id,
                    context.name(),
                    namespace,
                    target,
                    choice.database(),
                    justification.ticket());
            var session = new BreakGlassSession(
                    new SessionContext(
                            id,
                            policy,
                            clock,
                            context.name(),
                            namespace,
                            target,
                            choice.database(),
                            justification,
                            kubeUser),
                    trail,
                    access,
                    recorder);
            session.afterSeal(
                    new AfterSeal(AfterSession.of(this, clock), id, Optional.ofNullable(choice.kubeconfig())));
            return session;
        } catch (AuditUnavailableException e) {
            closeQuietly(access, trail);
            throw new SessionFailure(SessionFailure.Kind.DENIED, "no audit, no access: " + e.getMessage(), e);
        } catch (KubeAccessException e) {
            closeQuietly(access, trail);
            throw new SessionFailure(SessionFailure.Kind.CONNECTION, e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(access, trail);
            throw e;
        }
    }

    /** Names become URL path segments: a malformed one is bad usage, refused before anything opens. */
    private static void checkName(Runnable check) throws SessionFailure {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    private static TargetRef parseTarget(String text) throws SessionFailure {
        try {
            return TargetRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    private static KubeconfigCatalog catalog(Path kubeconfig) {
        return kubeconfig == null ? KubeconfigCatalog.fromEnvironment() : KubeconfigCatalog.load(kubeconfig);
    }

    private static KubeconfigCatalog catalogOrFail(Path kubeconfig) throws SessionFailure {
        try {
            return catalog(kubeconfig);
        } catch (KubeAccessException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    private static KubeContext contextOrFail(KubeconfigCatalog catalog, String name) throws SessionFailure {
        try {
            if (name == null || name.isBlank()) {
                return catalog.currentContext()
                        .orElseThrow(() -> new SessionFailure(
                                SessionFailure.Kind.USAGE,
                                "the kubeconfig has no current context: pass --context (see breakglass contexts)"));
            }
            return catalog.context(name);
        } catch (KubeAccessException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    private static ClusterAccess openAccess(KubeconfigCatalog catalog, String context) throws SessionFailure {
        try {
            return ClusterAccess.open(catalog, context);
        } catch (KubeAccessException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
    }

    private AuditTrail openTrail(ClusterAccess access, String namespace, TargetRef target) throws SessionFailure {
        Optional<org.kfm.breakglass.audit.AuditSink> clusterEvents = target.kind() == TargetRef.Kind.SERVICE
                ? Optional.of(
                        new KubernetesEventSink(new ServiceEvents(access, namespace, target.name()), target.name()))
                : Optional.empty();
        Optional<org.kfm.breakglass.audit.AuditSink> clusterWitness =
                policy.audit().witness() == null
                        ? Optional.empty()
                        : Optional.of(new ClusterWitnessSink(new WitnessObjects(access, namespace)));
        try {
            return AuditTrail.open(
                    new AuditSinkFactory(policy).settings(auditDir, clock, clusterEvents, clusterWitness));
        } catch (IOException | RuntimeException e) {
            access.close();
            throw new SessionFailure(
                    SessionFailure.Kind.DENIED,
                    "no audit, no access: the audit journal at " + auditDir + " cannot be opened (" + e.getMessage()
                            + "); fix the directory or pass --audit-dir",
                    e);
        }
    }

    /** Who the API server says we are; a refusal here is reported by preflight, and journaled there. */
    private static String kubeUserOrUnknown(ClusterAccess access) {
        try {
            return access.whoAmI().user();
        } catch (KubeAccessException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void closeQuietly(ClusterAccess access, AuditTrail trail) {
        if (access != null) {
            access.close();
        }
        try {
            trail.close();
        } catch (IOException e) {
            LOG.warn("closing the audit trail failed", e);
        }
    }
}
