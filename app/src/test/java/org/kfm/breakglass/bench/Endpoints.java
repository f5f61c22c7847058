package org.kfm.breakglass.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeconfigCatalog;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TunnelSocketFactory;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.kfm.breakglass.sql.SocketOpener;

/**
 * The two ways to the same PostgreSQL: a TCP socket straight to LocalPostgis, and the product's tunnel (kubeconfig
 * → ClusterAccess → TunnelSupervisor → ForwardedSocket → websocket over TLS → FakeCluster bridge → LocalPostgis).
 * Both log in as the same reader role with the same pgjdbc properties. The cluster runs in its own JVM
 * ({@link ClusterProcess}), so this JVM is the client only.
 */
final class Endpoints implements AutoCloseable {

    private final ClusterProcess cluster;
    private final ClusterAccess access;
    private final TunnelSupervisor supervisor;
    private final String key = UUID.randomUUID().toString();

    /** The cluster process, for the session-open part (latency injection, the API request log). */
    ClusterProcess cluster() {
        return cluster;
    }

    private Endpoints(ClusterProcess cluster, ClusterAccess access, TunnelSupervisor supervisor) {
        this.cluster = cluster;
        this.access = access;
        this.supervisor = supervisor;
    }

    static Endpoints start(Path workDir) throws IOException, InterruptedException {
        var cluster = ClusterProcess.start(workDir.resolve("cluster"));
        ClusterAccess access = null;
        try {
            var catalog = KubeconfigCatalog.load(cluster.kubeconfig());
            access = ClusterAccess.open(
                    catalog, catalog.currentContext().orElseThrow().name());
            var supervisor = new TunnelSupervisor(
                    access, access.defaultNamespace(), TargetRef.parse("svc/postgis:5432"), Duration.ofSeconds(30));
            supervisor.open();
            var endpoints = new Endpoints(cluster, access, supervisor);
            TunnelSocketFactory.register(endpoints.key, supervisor);
            return endpoints;
        } catch (RuntimeException e) {
            if (access != null) {
                access.close();
            }
            cluster.close();
            throw e;
        }
    }

    ClusterProcess.DirectDatabase database() {
        return cluster.database();
    }

    Path kubeconfig() {
        return cluster.kubeconfig();
    }

    /** The cluster JVM's process id. */
    long clusterPid() {
        return cluster.pid();
    }

    /** A plain TCP socket to PostgreSQL, as {@code DatabaseLink} wants it (connected, no delay like pgjdbc sets). */
    SocketOpener directOpener() {
        var db = database();
        return () -> {
            var s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(db.host(), db.port()), 5_000);
            return s;
        };
    }

    /** A fresh port-forward per socket, as the session uses it. */
    SocketOpener forwardOpener() {
        return supervisor::openSocket;
    }

    Connection direct() throws SQLException {
        var db = database();
        return DriverManager.getConnection(
                "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database(), props());
    }

    Connection forward() throws SQLException {
        var props = props();
        props.setProperty("socketFactory", TunnelSocketFactory.class.getName());
        props.setProperty("socketFactoryArg", key);
        // The host is never dialled: the socket factory's sockets already lead to the pod.
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/" + database().database(), props);
    }

    private Properties props() {
        var props = new Properties();
        props.setProperty("user", database().user());
        props.setProperty("password", database().password());
        props.setProperty("sslmode", "disable");
        props.setProperty("gssEncMode", "disable");
        props.setProperty("ApplicationName", "breakglass-bench");
        return props;
    }

    @Override
    public void close() {
        supervisor.close();
        access.close();
        cluster.close();
    }
}
