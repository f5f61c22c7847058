package org.kfm.breakglass.session;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.kfm.breakglass.audit.AuditSink;
import org.kfm.breakglass.audit.WitnessEntries;
import org.kfm.breakglass.audit.WitnessEntry;
import org.kfm.breakglass.audit.WitnessScope;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.WitnessObject;
import org.kfm.breakglass.kube.WitnessObjects;

/**
 * The cluster witness as an audit sink: for each session to its namespace it creates ConfigMap
 * {@code breakglass-session-<id>} when {@code session.start} is journaled and {@code breakglass-seal-<id>} when
 * the seal is, both create-only. Bound like any sink, so a required witness is fail-closed: no session opens
 * (and no tunnel) until its start is witnessed. Every other line is acknowledged without a write; so are starts
 * and seals of sessions to other clusters or namespaces (crash recovery may seal those).
 */
final class ClusterWitnessSink implements AuditSink {

    static final String SESSION_PREFIX = "breakglass-session-";
    static final String SEAL_PREFIX = "breakglass-seal-";
    static final String SESSION_LABEL = "breakglass.kfm.org/session";

    private final WitnessObjects objects;
    private final WitnessScope scope;
    private volatile boolean healthy = true;

    ClusterWitnessSink(WitnessObjects objects) {
        this.objects = objects;
        this.scope = new WitnessScope(name(), objects.server(), objects.namespace());
    }

    @Override
    public String name() {
        return "cluster witness (ConfigMaps in " + objects.namespace() + ")";
    }

    @Override
    public void deliver(String canonicalLine) throws IOException {
        Optional<WitnessEntry> entry;
        try {
            entry = WitnessEntries.fromLine(canonicalLine);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot witness a damaged journal line: " + e.getMessage(), e);
        }
        if (entry.isEmpty() || !scope.covers(entry.get().server(), entry.get().namespace())) {
            return;
        }
        var e = entry.get();
        boolean start = e instanceof WitnessEntry.Start;
        String name = (start ? SESSION_PREFIX : SEAL_PREFIX) + e.session();
        var labels = Map.of(
                WitnessObjects.WITNESS_LABEL,
                start ? "session" : "seal",
                SESSION_LABEL,
                e.session().toString(),
                "app.kubernetes.io/managed-by",
                "breakglass-console");
        try {
            objects.create(new WitnessObject(name, labels, WitnessEntries.toData(e), null));
            healthy = true;
        } catch (KubeAccessException ex) {
            healthy = false;
            throw new IOException(ex.getMessage(), ex);
        }
    }

    @Override
    public boolean healthy() {
        return healthy;
    }
}
