package org.kfm.breakglass.session;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditSink;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.audit.SealKeys;
import org.kfm.breakglass.audit.SinkBinding;
import org.kfm.breakglass.audit.SyslogSink;
import org.kfm.breakglass.audit.TrustAnchors;
import org.kfm.breakglass.audit.WebhookSink;

/** Turns the policy's {@code audit} section into the audit trail's settings and remote sinks. */
final class AuditSinkFactory {
    private final Policy policy;

    AuditSinkFactory(Policy policy) {
        this.policy = policy;
    }

    /**
     * @param clusterEvents  the Kubernetes Event sink for this session's Service, when the target is a Service
     * @param clusterWitness the witness sink for this session's namespace, bound when the policy asks for one
     */
    AuditSettings settings(
            Path journalDir, Clock clock, Optional<AuditSink> clusterEvents, Optional<AuditSink> clusterWitness) {
        var audit = policy.audit();
        var sinks = new ArrayList<SinkBinding>();
        if (audit.witness() != null && clusterWitness.isPresent()) {
            // First, so the start is witnessed before any other sink hears of the session.
            sinks.add(
                    audit.witness().required()
                            ? SinkBinding.required(clusterWitness.get())
                            : SinkBinding.bestEffort(clusterWitness.get()));
        }
        for (var spec : audit.sinks()) {
            if (spec.type().equals("kubernetes-event") && clusterEvents.isEmpty()) {
                continue;
            }
            AuditSink sink =
                    spec.type().equals("kubernetes-event") ? clusterEvents.get() : remoteSink(spec, clock, journalDir);
            sinks.add(spec.required() ? SinkBinding.required(sink) : SinkBinding.bestEffort(sink));
        }
        var signingKey = Optional.ofNullable(audit.signingKey()).map(Path::of);
        var pinned = audit.seal().pinnedKey();
        if (signingKey.isPresent() && pinned.isPresent()) {
            requireMatchingKeys(signingKey.get(), pinned.get());
        }
        return new AuditSettings(journalDir, audit.rotateBytes(), List.copyOf(sinks), signingKey, clock);
    }

    /** Seals signed with a key the auditors do not pin would all fail verification: refuse before any session. */
    private static void requireMatchingKeys(Path signingKey, java.security.PublicKey pinned) {
        try {
            if (!SealKeys.matches(SealKeys.readPrivateKey(signingKey), pinned)) {
                throw new IllegalArgumentException("the audit signing key " + signingKey
                        + " does not belong to the policy's audit.seal.publicKey: every seal it signs would fail"
                        + " verification; fix one of the two");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private AuditSink remoteSink(Policy.SinkSpec spec, Clock clock, Path journalDir) {
        return switch (spec.type()) {
            case "webhook" -> webhook(spec, journalDir);
            case "syslog" -> syslog(spec, clock, journalDir);
            default -> throw new IllegalArgumentException("audit sink type " + spec.type() + " is not supported");
        };
    }

    /** TLS trusts the policy's CA file when it names one, else the JVM's trust store; backlog spooled on disk. */
    private static AuditSink syslog(Policy.SinkSpec spec, Clock clock, Path journalDir) {
        Path spool = spec.spoolDir() != null ? Path.of(spec.spoolDir()) : journalDir.resolve("syslog-spool");
        try {
            Optional<SSLSocketFactory> tls = Optional.empty();
            if (spec.tls()) {
                tls = Optional.of(
                        spec.caFile() != null
                                ? TrustAnchors.trusting(Path.of(spec.caFile()))
                                : (SSLSocketFactory) SSLSocketFactory.getDefault());
            }
            return new SyslogSink(
                    spec.host(),
                    spec.port(),
                    tls,
                    Operator.ofCurrentProcess(null).host(),
                    Duration.ofSeconds(3),
                    clock,
                    spool);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(
                    "the syslog sink " + spec.host() + ":" + spec.port() + " cannot be set up: " + e.getMessage(), e);
        }
    }

    /** The webhook spools beside the journal unless the policy names a spool dir; nothing is lost while it is down. */
    private static AuditSink webhook(Policy.SinkSpec spec, Path journalDir) {
        Path spool = spec.spoolDir() != null ? Path.of(spec.spoolDir()) : journalDir.resolve("webhook-spool");
        try {
            return new WebhookSink(
                    java.net.URI.create(spec.url()), spool, WebhookSink.Options.defaults(), Optional.empty());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(
                    "the webhook spool " + spool + " cannot be used: " + e.getMessage(), e);
        }
    }
}
