package org.kfm.breakglass.testkit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo cluster: a {@link LocalPostgis} behind a {@link FakeCluster}, running until interrupted.
 *
 * <p>{@code java ... org.kfm.breakglass.testkit.DevCluster --kubeconfig-out FILE --pg-env-out FILE} writes both
 * files, prints {@code READY <kubeconfig path>} and runs until Ctrl-C; a shutdown hook stops everything.
 * {@code --shape} seeds an operator's cluster (or all of them) instead of, or beside, the seed (default {@code seed}).
 */
public final class DevCluster implements AutoCloseable {

    private static final String USAGE =
            "usage: DevCluster [--kubeconfig-out FILE] [--pg-env-out FILE] [--shape seed|cnpg|zalando|crunchy|all]";

    private final LocalPostgis postgis;
    private final FakeCluster cluster;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private DevCluster(LocalPostgis postgis, FakeCluster cluster) {
        this.postgis = postgis;
        this.cluster = cluster;
    }

    public static DevCluster start() {
        return start(Shape.SEED);
    }

    /** The demo cluster seeded with {@code shape} ({@link Shape#ALL} for a trainer: every target kind). */
    public static DevCluster start(Shape shape) {
        LocalPostgis pg = LocalPostgis.start();
        try {
            return new DevCluster(pg, FakeCluster.start(pg, shape));
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    public LocalPostgis postgis() {
        return postgis;
    }

    public FakeCluster cluster() {
        return cluster;
    }

    /** Writes a kubeconfig for the fake cluster (mode 0600). */
    public void writeKubeconfig(Path out) {
        cluster.writeKubeconfig(out);
    }

    /** Writes {@code export PGHOST=...} lines for the owner role (mode 0600), for psql or a shell. */
    public void writePgEnv(Path out) {
        DbRole owner = postgis.owner();
        String env = "export PGHOST=" + postgis.host() + "\n"
                + "export PGPORT=" + postgis.port() + "\n"
                + "export PGDATABASE=" + postgis.database() + "\n"
                + "export PGUSER=" + owner.user() + "\n"
                + "export PGPASSWORD='" + owner.password() + "'\n";
        PrivateFile.write(out, env, "PG environment");
    }

    /** Blocks until {@link #close()} is called (e.g. by the shutdown hook) or the thread is interrupted. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                cluster.close();
            } finally {
                postgis.close();
                stopped.countDown();
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Path kubeconfigOut = null;
        Path pgEnvOut = null;
        Shape shape = Shape.SEED;
        PrintStream out = System.out;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kubeconfig-out" -> kubeconfigOut = Path.of(value(args, ++i, "--kubeconfig-out"));
                case "--pg-env-out" -> pgEnvOut = Path.of(value(args, ++i, "--pg-env-out"));
                case "--shape" -> {
                    try {
                        shape = Shape.parse(value(args, ++i, "--shape"));
                    } catch (IllegalArgumentException e) {
                        usage(e.getMessage());
                    }
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return;
                }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (kubeconfigOut == null) {
            kubeconfigOut = Path.of(System.getProperty("java.io.tmpdir"), "kfm-demo-kubeconfig");
        }
        DevCluster dev = start(shape);
        Runtime.getRuntime().addShutdownHook(new Thread(dev::close, "dev-cluster-shutdown"));
        dev.writeKubeconfig(kubeconfigOut);
        if (pgEnvOut != null) {
            dev.writePgEnv(pgEnvOut);
        }
        out.println("READY " + kubeconfigOut.toAbsolutePath());
        out.flush();
        dev.awaitShutdown();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a file name");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("DevCluster: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
