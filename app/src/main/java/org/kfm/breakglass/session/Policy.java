package org.kfm.breakglass.session;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kfm.breakglass.audit.SealKeys;
import org.kfm.breakglass.kube.target.SecretConventions;
import org.kfm.breakglass.kube.target.SecretLayout;

/**
 * The organisation's rules for break-glass sessions, read from one YAML file ({@link PolicyLoader}). Every field
 * has a documented default (see {@code docs/policy.md}); the defaults live here and only here, in the compact
 * constructors, so {@code breakglass policy show} prints exactly what is in force.
 */
public record Policy(
        JustificationSection justification,
        SessionSection session,
        TargetSection targets,
        Map<String, CredentialRef> credentials,
        ElevationSection elevation,
        AuditSection audit,
        ReconcileSection reconcile,
        SessionCredentials sessionCredentials) {

    public Policy {
        justification = justification == null ? new JustificationSection(null, null) : justification;
        session = session == null ? new SessionSection(null, null, null, null, null) : session;
        targets = targets == null ? new TargetSection(null, null, null, null, null, null) : targets;
        credentials = credentials == null || credentials.isEmpty() ? defaultCredentials() : Map.copyOf(credentials);
        elevation = elevation == null ? new ElevationSection(null, null) : elevation;
        audit = audit == null ? new AuditSection(null, null, null, null, null, null) : audit;
        reconcile = reconcile == null ? new ReconcileSection(null, null, null, null, null) : reconcile;
        sessionCredentials = sessionCredentials == null ? SessionCredentials.secret() : sessionCredentials;
    }

    /** The built-in policy: every default, nothing else. */
    public static Policy defaults() {
        return new Policy(null, null, null, null, null, null, null, null);
    }

    public JustificationRules justificationRules() {
        return new JustificationRules(
                justification.reasonMinLength(),
                Pattern.compile(justification.ticketPattern()),
                session.defaultDuration(),
                session.maxDuration());
    }

    /** The Secret and keys for a mode's role; a clear error when the policy does not name one. */
    public CredentialRef credentialsFor(AccessMode mode) {
        var ref = credentials.get(mode.role());
        if (ref == null) {
            throw new IllegalStateException("the policy names no credentials for the " + mode.role()
                    + " role: add credentials." + mode.role() + " {secret, userKey, passwordKey}");
        }
        return ref;
    }

    private static Map<String, CredentialRef> defaultCredentials() {
        return Map.of(
                "reader", new CredentialRef("postgis-auth", null, null),
                "writer", new CredentialRef("postgis-auth-writer", null, null),
                "owner", new CredentialRef("postgis-auth-owner", null, null));
    }

    /**
     * How the database server logs, for reconciling a session with it ({@code audit reconcile}, ADR 0014):
     * {@code logFormat} {@code stderr} (PostgreSQL's own lines with {@code logLinePrefix}, the server's
     * {@code log_line_prefix}) or {@code cloudnative-pg} (CloudNativePG's JSON lines); the pod's {@code container}
     * whose log is the server's (default: the pod's only container); the allowance for the workstation's clock
     * against the server's ({@code clockSkew}); and {@code atSessionEnd}: reconcile when a session ends.
     */
    public record ReconcileSection(
            String logFormat, String logLinePrefix, String container, Duration clockSkew, Boolean atSessionEnd) {
        /** The stage server's prefix (testkit's LocalPostgis, docs/testkit.md): time, pid, session, user, db, app. */
        public static final String DEFAULT_PREFIX = "%m [%p] %q%c %u@%d app=%a ";

        public ReconcileSection {
            logFormat = logFormat == null ? "stderr" : logFormat;
            logLinePrefix = logLinePrefix == null ? DEFAULT_PREFIX : logLinePrefix;
            clockSkew = clockSkew == null ? Duration.ofMinutes(2) : clockSkew;
            atSessionEnd = atSessionEnd != null && atSessionEnd;
            if (!logFormat.equals("stderr") && !logFormat.equals("cloudnative-pg")) {
                throw new IllegalArgumentException(
                        "reconcile.logFormat must be stderr or cloudnative-pg (got " + logFormat + ")");
            }
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("reconcile.clockSkew cannot be negative");
            }
            if (container != null && container.isBlank()) {
                throw new IllegalArgumentException("reconcile.container, when given, names the container");
            }
        }
    }

    /** What a justification must contain. */
    public record JustificationSection(Integer reasonMinLength, String ticketPattern) {
        public JustificationSection {
            reasonMinLength = reasonMinLength == null ? 20 : reasonMinLength;
            ticketPattern = ticketPattern == null ? "^[A-Z]+-\\d+$" : ticketPattern;
            if (reasonMinLength < 1) {
                throw new IllegalArgumentException("justification.reasonMinLength must be at least 1");
            }
            Pattern.compile(ticketPattern);
        }
    }

    /** The time box, and the largest SQL text one submission may carry (UTF-8 bytes). */
    public record SessionSection(
            Duration defaultDuration,
            Duration maxDuration,
            Duration idleTimeout,
            Duration warnBefore,
            Long maxScriptBytes) {
        public SessionSection {
            defaultDuration = defaultDuration == null ? Duration.ofMinutes(30) : defaultDuration;
            maxDuration = maxDuration == null ? Duration.ofHours(2) : maxDuration;
            idleTimeout = idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout;
            warnBefore = warnBefore == null ? Duration.ofMinutes(5) : warnBefore;
            maxScriptBytes = maxScriptBytes == null ? SubmittedSql.DEFAULT_MAX_BYTES : maxScriptBytes;
            if (maxScriptBytes < 1) {
                throw new IllegalArgumentException("session.maxScriptBytes must be at least 1");
            }
            if (defaultDuration.compareTo(maxDuration) > 0) {
                throw new IllegalArgumentException("session.defaultDuration (" + DurationText.format(defaultDuration)
                        + ") is longer than session.maxDuration (" + DurationText.format(maxDuration) + ")");
            }
        }
    }

    /**
     * Where sessions may go (an empty list allows any), and what the console may take from a target: which
     * Zalando or Crunchy user's Secret to read when a cluster defines several, the Secrets of an operator
     * cluster's roles ({@code credentials}, keyed by {@code kind/NAME} such as {@code cnpg/kfm}, then by role;
     * without an entry the reader is the operator's own application Secret and elevation is refused), and whether
     * a login whose role is a superuser may go on at all ({@code allowSuperuser}, default false).
     */
    public record TargetSection(
            List<String> allowedContexts,
            List<String> allowedNamespaces,
            String zalandoUser,
            String crunchyUser,
            Boolean allowSuperuser,
            Map<String, Map<String, TargetCredential>> credentials) {
        public TargetSection {
            allowedContexts = allowedContexts == null ? List.of() : List.copyOf(allowedContexts);
            allowedNamespaces = allowedNamespaces == null ? List.of() : List.copyOf(allowedNamespaces);
            allowSuperuser = allowSuperuser != null && allowSuperuser;
            credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
            for (var entry : credentials.entrySet()) {
                if (!entry.getKey().matches("(cnpg|zalando|crunchy)/[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                    throw new IllegalArgumentException("targets.credentials keys are an operator cluster as kind/NAME"
                            + " (cnpg/NAME, zalando/NAME or crunchy/NAME), not '" + entry.getKey() + "'");
                }
                for (String role : entry.getValue().keySet()) {
                    if (!List.of("reader", "writer", "owner", "issuer").contains(role)) {
                        throw new IllegalArgumentException("targets.credentials." + entry.getKey()
                                + " names roles reader, writer, owner or issuer, not '" + role + "'");
                    }
                }
            }
        }

        public boolean allows(String context, String namespace) {
            return (allowedContexts.isEmpty() || allowedContexts.contains(context))
                    && (allowedNamespaces.isEmpty() || allowedNamespaces.contains(namespace));
        }

        /** The choices the target resolution takes from the policy (the seed's Secret for plain targets). */
        public SecretConventions conventions() {
            return new SecretConventions(
                    SecretLayout.seed(SecretLayout.SEED_SECRET),
                    Optional.ofNullable(zalandoUser),
                    Optional.ofNullable(crunchyUser));
        }

        /** The policy's Secret for {@code role} of operator cluster {@code kind/NAME}, when it names one. */
        public Optional<TargetCredential> credentialFor(String cluster, String role) {
            return Optional.ofNullable(credentials.get(cluster)).map(roles -> roles.get(role));
        }
    }

    /**
     * An operator cluster role's Secret, as the policy names it; a key left out is the operator's own key name
     * for the target's kind.
     */
    public record TargetCredential(String secret, String userKey, String passwordKey, String databaseKey) {
        public TargetCredential {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("targets.credentials entries need a 'secret' name");
            }
        }
    }

    /** A Secret holding one role's login; the seed's key names are the defaults. */
    public record CredentialRef(String secret, String userKey, String passwordKey) {
        public CredentialRef {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("credentials entries need a 'secret' name");
            }
            userKey = userKey == null ? "POSTGRES_USER" : userKey;
            passwordKey = passwordKey == null ? "POSTGRES_PASSWORD" : passwordKey;
        }
    }

    /** Whether write and DDL elevation exist at all, and for how long each lasts. */
    public record ElevationSection(Grant write, Grant owner) {
        public ElevationSection {
            write = write == null ? new Grant(true, null) : write;
            owner = owner == null ? new Grant(false, null) : owner;
        }

        public Grant grantFor(AccessMode mode) {
            return switch (mode) {
                case READ_ONLY -> new Grant(true, null);
                case WRITE -> write;
                case OWNER -> owner;
            };
        }
    }

    /** One elevation's rule. */
    public record Grant(Boolean allowed, Duration duration) {
        public Grant {
            allowed = allowed == null ? Boolean.FALSE : allowed;
            duration = duration == null ? Duration.ofMinutes(10) : duration;
        }
    }

    /**
     * The audit trail: the local journal is always on and required; remote sinks are listed here, and the
     * off-machine witness (none by default).
     */
    public record AuditSection(
            String dir,
            Long rotateBytes,
            String signingKey,
            SealSection seal,
            List<SinkSpec> sinks,
            WitnessSpec witness) {
        public AuditSection {
            rotateBytes = rotateBytes == null ? 64L * 1024 * 1024 : rotateBytes;
            seal = seal == null ? new SealSection(null) : seal;
            sinks = sinks == null ? List.of() : List.copyOf(sinks);
        }

        /** Whether a remote sink that receives every line (syslog or webhook) is configured. */
        public boolean hasRemoteCopy() {
            return sinks.stream()
                    .anyMatch(s -> s.type().equals("syslog") || s.type().equals("webhook"));
        }
    }

    /**
     * How seals are checked: {@code publicKey} is the organisation's pinned Ed25519 key (Base64 of its X.509 DER, or
     * PEM); {@code audit verify} checks every seal with it, so a journal re-signed with another key is found.
     */
    public record SealSection(String publicKey) {
        public SealSection {
            if (publicKey != null) {
                try {
                    SealKeys.parsePublicKey(publicKey);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("audit.seal.publicKey is " + e.getMessage(), e);
                }
            }
        }

        /** The pinned key, when the policy names one. */
        public Optional<PublicKey> pinnedKey() {
            return Optional.ofNullable(publicKey).map(SealKeys::parsePublicKey);
        }
    }

    /**
     * The off-machine witness: {@code cluster} writes create-only ConfigMaps per session in the target namespace.
     * {@code required} (the default) makes a witness that cannot be written fail closed, like a required sink;
     * {@code best-effort} goes on and says so.
     */
    public record WitnessSpec(String kind, String requirement) {
        public WitnessSpec {
            if (!"cluster".equals(kind)) {
                throw new IllegalArgumentException("audit.witness.kind must be cluster (got " + kind + ")");
            }
            requirement = requirement == null ? "required" : requirement;
            if (!requirement.equals("required") && !requirement.equals("best-effort")) {
                throw new IllegalArgumentException(
                        "audit.witness.requirement must be required or best-effort (got " + requirement + ")");
            }
        }

        public boolean required() {
            return requirement.equals("required");
        }
    }

    /**
     * A remote audit sink: {@code syslog} (host, port, tls, caFile) or {@code webhook} (url), or
     * {@code kubernetes-event}. {@code required} sinks must acknowledge every record before the audited action runs.
     * {@code caFile} (PEM) is the only CA a TLS syslog server's certificate may chain to; without it the JVM's
     * trust store applies. {@code spoolDir} holds events a syslog or webhook sink has not delivered yet. A webhook's
     * {@code summary} is posted once per session, at its end.
     */
    public record SinkSpec(
            String type,
            String host,
            Integer port,
            Boolean tls,
            String url,
            Boolean required,
            String spoolDir,
            String caFile,
            SummarySpec summary) {
        public SinkSpec {
            if (type == null
                    || !List.of("syslog", "webhook", "kubernetes-event").contains(type)) {
                throw new IllegalArgumentException("audit.sinks[].type must be syslog, webhook or kubernetes-event");
            }
            tls = tls != null && tls;
            required = required == null ? !type.equals("kubernetes-event") : required;
            if (type.equals("syslog") && (host == null || port == null)) {
                throw new IllegalArgumentException("a syslog sink needs host and port");
            }
            if (type.equals("webhook") && url == null) {
                throw new IllegalArgumentException("a webhook sink needs url");
            }
            if (caFile != null && !(type.equals("syslog") && tls)) {
                throw new IllegalArgumentException("caFile applies only to a syslog sink with tls: true");
            }
            if (summary != null && !type.equals("webhook")) {
                throw new IllegalArgumentException("summary applies only to a webhook sink");
            }
        }
    }

    /**
     * A webhook sink's session summary: {@code template}, a JSON document posted once when a session ends (after
     * its seal and the reconciliation at session end), its strings' {@code {{placeholders}}} filled in ({@link
     * SummaryTemplate}).
     */
    public record SummarySpec(String template) {
        public SummarySpec {
            SummaryTemplate.parse(template);
        }
    }
}
