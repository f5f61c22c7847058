package org.kfm.breakglass.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.audit.WitnessComparison;
import org.kfm.breakglass.audit.WitnessEntries;
import org.kfm.breakglass.audit.WitnessEntry;
import org.kfm.breakglass.audit.WitnessLines;
import org.kfm.breakglass.audit.WitnessReport;
import org.kfm.breakglass.audit.WitnessScope;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.KubeconfigCatalog;
import org.kfm.breakglass.kube.WitnessObject;
import org.kfm.breakglass.kube.WitnessObjects;

/**
 * {@code audit verify --witness}: compares local journals with an off-machine witness — the cluster's
 * create-only witness objects, or the lines a remote sink received — and names every deleted, rewritten,
 * truncated or unwitnessed session. Reads only; never writes to the cluster.
 */
public final class WitnessReview {

    private WitnessReview() {}

    /** Which witness to compare with, as given on the command line. */
    public sealed interface Source permits Cluster, Lines {}

    /** The cluster witness of one namespace; null members take the kubeconfig's defaults. */
    public record Cluster(Path kubeconfig, String context, String namespace) implements Source {}

    /** A file of lines a remote sink received (e.g. rsyslog's output file). */
    public record Lines(Path file) implements Source {}

    /** The outcome: whether the journal agrees with the witness, a summary, and each finding. */
    public record Verdict(boolean intact, String summary, List<String> findings) {
        public Verdict {
            findings = List.copyOf(findings);
        }
    }

    /**
     * Parses {@code cluster} or {@code lines:FILE}.
     *
     * @throws SessionFailure (usage) for anything else
     */
    public static Source parse(String witness, Path kubeconfig, String context, String namespace)
            throws SessionFailure {
        if ("cluster".equals(witness)) {
            return new Cluster(kubeconfig, context, namespace);
        }
        if (witness != null && witness.startsWith("lines:") && witness.length() > "lines:".length()) {
            return new Lines(Path.of(witness.substring("lines:".length())));
        }
        throw new SessionFailure(
                SessionFailure.Kind.USAGE,
                "--witness must be 'cluster' or 'lines:FILE' (the lines a remote sink received), got '" + witness
                        + "'");
    }

    public static Verdict verify(List<Path> journal, Source source) throws SessionFailure {
        WitnessReport report = switch (source) {
            case Cluster c -> againstCluster(journal, c);
            case Lines l -> againstLines(journal, l);
        };
        return new Verdict(
                report.ok(),
                report.summary(),
                report.findings().stream().map(Object::toString).toList());
    }

    private static WitnessReport againstCluster(List<Path> journal, Cluster c) throws SessionFailure {
        KubeconfigCatalog catalog;
        String context;
        String namespace;
        try {
            catalog = c.kubeconfig() == null
                    ? KubeconfigCatalog.fromEnvironment()
                    : KubeconfigCatalog.load(c.kubeconfig());
            var kubeContext = c.context() == null || c.context().isBlank()
                    ? catalog.currentContext()
                            .orElseThrow(() -> new SessionFailure(
                                    SessionFailure.Kind.USAGE,
                                    "the kubeconfig has no current context: pass --context (see breakglass contexts)"))
                    : catalog.context(c.context());
            context = kubeContext.name();
            namespace = c.namespace() == null || c.namespace().isBlank() ? kubeContext.namespace() : c.namespace();
        } catch (KubeAccessException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, e.getMessage(), e);
        }
        try (var access = ClusterAccess.open(catalog, context)) {
            var objects = new WitnessObjects(access, namespace);
            var entries = new ArrayList<WitnessEntry>();
            var malformed = new ArrayList<String>();
            for (WitnessObject object : objects.list()) {
                try {
                    var entry = WitnessEntries.fromData(object.data(), object.createdAt());
                    String expected = (entry instanceof WitnessEntry.Start
                                    ? ClusterWitnessSink.SESSION_PREFIX
                                    : ClusterWitnessSink.SEAL_PREFIX)
                            + entry.session();
                    if (!expected.equals(object.name())) {
                        throw new IllegalArgumentException("its data is about " + expected);
                    }
                    entries.add(entry);
                } catch (IllegalArgumentException e) {
                    malformed.add("ConfigMap " + object.name() + ": " + e.getMessage());
                }
            }
            var scope = new WitnessScope(
                    "cluster witness (" + namespace + " on " + access.serverUrl() + ")", access.serverUrl(), namespace);
            return WitnessComparison.compare(journal, entries, malformed, scope);
        } catch (KubeAccessException e) {
            throw new SessionFailure(SessionFailure.Kind.CONNECTION, e.getMessage(), e);
        } catch (IOException e) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "cannot read the journal: " + e.getMessage(), e);
        }
    }

    private static WitnessReport againstLines(List<Path> journal, Lines l) throws SessionFailure {
        try {
            var lines = WitnessLines.read(l.file());
            return WitnessComparison.compare(
                    journal,
                    lines.entries(),
                    lines.malformed(),
                    WitnessScope.everySession("remote copy " + l.file().getFileName()));
        } catch (IOException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "cannot read the journal or the witness file " + l.file() + ": " + e.getMessage(),
                    e);
        }
    }
}
