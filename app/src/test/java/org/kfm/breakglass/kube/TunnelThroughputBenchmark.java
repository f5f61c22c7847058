package org.kfm.breakglass.kube;

import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;

/**
 * Not a test: compares a 200 MB COPY TO STDOUT over a direct connection with the same over the tunnel
 * (FakeCluster port-forward bridge). Run with the test class path:
 * {@code java -cp app/target/test-classes:app/target/classes:$(cat cp.txt) org.kfm.breakglass.kube.TunnelThroughputBenchmark}.
 */
public final class TunnelThroughputBenchmark {

    private static final String COPY_200MB =
            "COPY (SELECT i, repeat(md5(i::text), 16) FROM generate_series(1, 400000) i) TO STDOUT";

    private TunnelThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var log = LoggerFactory.getLogger(TunnelThroughputBenchmark.class);
        try (var pg = LocalPostgis.start(); var cluster = FakeCluster.start(pg)) {
            var catalog = KubeconfigCatalog.load(cluster.kubeconfig());
            try (var access = ClusterAccess.open(catalog, catalog.currentContext().orElseThrow().name());
                 var supervisor = new TunnelSupervisor(access, access.defaultNamespace(),
                         TargetRef.parse("svc/postgis:5432"), Duration.ofSeconds(30))) {
                supervisor.open();
                TunnelSocketFactory.register("bench", supervisor);
                var props = new Properties();
                props.setProperty("user", pg.reader().user());
                props.setProperty("password", pg.reader().password());
                props.setProperty("socketFactory", TunnelSocketFactory.class.getName());
                props.setProperty("socketFactoryArg", "bench");
                props.setProperty("sslmode", "disable");
                for (int round = 0; round < 3; round++) {
                    double direct;
                    try (var c = pg.connect(pg.reader())) {
                        direct = mbPerSecond(c);
                    }
                    double tunnel;
                    try (var c = DriverManager.getConnection("jdbc:postgresql://postgis.invalid/" + pg.database(), props)) {
                        tunnel = mbPerSecond(c);
                    }
                    log.info("round {}: direct {} MB/s, tunnel {} MB/s, ratio {}", round,
                            String.format("%.1f", direct), String.format("%.1f", tunnel),
                            String.format("%.2f", tunnel / direct));
                }
            }
        }
    }

    private static double mbPerSecond(Connection c) throws Exception {
        long[] bytes = {0};
        var sink = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        long start = System.nanoTime();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(COPY_200MB, sink);
        double seconds = (System.nanoTime() - start) / 1e9;
        return bytes[0] / 1e6 / seconds;
    }
}
