package org.kfm.breakglass.kube.target;

import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeconfigCatalog;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * A real PostGIS and a fake cluster over TLS, and the operator's {@link ClusterAccess} to it from the cluster's
 * kubeconfig: the console's side goes through the same client, TLS and token as a session does.
 */
final class FakeTargets implements AutoCloseable {

    final LocalPostgis pg;
    final FakeCluster cluster;
    final ClusterAccess access;

    private FakeTargets(LocalPostgis pg, FakeCluster cluster, ClusterAccess access) {
        this.pg = pg;
        this.cluster = cluster;
        this.access = access;
    }

    static FakeTargets start() {
        var pg = LocalPostgis.start();
        try {
            var cluster = FakeCluster.start(pg);
            var catalog = KubeconfigCatalog.load(cluster.kubeconfig());
            return new FakeTargets(pg, cluster, ClusterAccess.open(catalog, cluster.contextName()));
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Objects seeded into {@code namespace} through the harness's admin client. */
    OperatorShapes shapes(String namespace) {
        return new OperatorShapes(cluster.adminClient(), namespace);
    }

    @Override
    public void close() {
        access.close();
        cluster.close();
        pg.close();
    }
}
