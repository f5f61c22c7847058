package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Kubernetes API server over TLS, seeded with the stage objects, whose PostGIS pod port-forwards to a
 * {@link LocalPostgis}; faults can be switched on through {@link #faults()}.
 *
 * <p>Built on fabric8's {@link KubernetesMockServer} in CRUD mode behind a {@link ClusterDispatcher}.
 */
public final class FakeCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FakeCluster.class);
    private static final String CONTEXT = "kfm-demo";
    // MockWebServer logs every request through java.util.logging at INFO; keep a strong reference so the
    // quieter level sticks (JUL holds loggers weakly).
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quietMockServerLog();

    private final LocalPostgis pg;
    private final KubernetesMockServer server;
    private final FaultState faultState;
    private final OpenForwards forwards;
    private final ForwardTraffic traffic = new ForwardTraffic();
    private final String token;
    private final String adminToken;
    private final StageObjects stage;
    private final Path workDir;
    private final ScheduledExecutorService scheduler;
    private final Faults faults = new Faults();
    private final AtomicBoolean closed = new AtomicBoolean();
    private TlsMaterial tls;
    private KubernetesClient admin;
    private Path kubeconfig;

    private FakeCluster(LocalPostgis pg) {
        this.pg = pg;
        this.faultState = new FaultState();
        this.forwards = new OpenForwards();
        this.token = Secrets.token();
        this.adminToken = Secrets.token();
        this.stage = new StageObjects(pg);
        try {
            this.workDir = Files.createTempDirectory("kfm-fake-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the fake cluster", e);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-cluster-scheduler");
            t.setDaemon(true);
            return t;
        });
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        ClusterDispatcher dispatcher = new ClusterDispatcher(
                new KubernetesMixedDispatcher(responses),
                faultState,
                forwards,
                traffic,
                token,
                adminToken,
                this::podPort);
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, true);
    }

    /** Starts the API server on 127.0.0.1 (free port) and seeds namespace {@code kfm-stage}. */
    public static FakeCluster start(LocalPostgis pg) {
        FakeCluster cluster = new FakeCluster(pg);
        try {
            cluster.server.init(InetAddress.getLoopbackAddress(), 0);
            cluster.tls = TlsMaterial.fromPemFile(
                    Path.of(cluster.server.getSelfSignedCertificate().certificatePath()));
            cluster.admin = cluster.clientFor(cluster.adminToken);
            for (HasMetadata object : cluster.stage.all()) {
                cluster.admin.resource(object).create();
            }
            LOG.info("fake cluster serving {} (namespace {})", cluster.serverUrl(), StageObjects.NAMESPACE);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static java.util.logging.Logger quietMockServerLog() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    private InetSocketAddress podPort(int port) {
        return port == StageObjects.CONTAINER_PORT ? new InetSocketAddress(pg.host(), pg.port()) : null;
    }

    private KubernetesClient clientFor(String bearerToken) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl())
                .withCaCertData(tls.caData())
                .withOauthToken(bearerToken)
                .withNamespace(StageObjects.NAMESPACE)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * {@code https://127.0.0.1:PORT}. The certificate names both {@code localhost} and {@code 127.0.0.1}; the IP
     * avoids clients resolving {@code localhost} to {@code ::1}, where nothing listens.
     */
    public String serverUrl() {
        return "https://127.0.0.1:" + server.getPort();
    }

    public String namespace() {
        return StageObjects.NAMESPACE;
    }

    public String contextName() {
        return CONTEXT;
    }

    /** The operator's bearer token, as written to the kubeconfig. */
    public String token() {
        return token;
    }

    /** The CA certificate (PEM) that verifies the server. */
    public String certificateAuthorityPem() {
        return tls.certificatePem();
    }

    /**
     * A kubeconfig file for this cluster (written once, mode 0600, deleted on {@link #close()}): TLS is verified
     * against the server's certificate, the user authenticates with {@link #token()}.
     */
    public synchronized Path kubeconfig() {
        if (kubeconfig == null) {
            kubeconfig = workDir.resolve("kubeconfig");
            writeKubeconfig(kubeconfig);
        }
        return kubeconfig;
    }

    /** Writes this cluster's kubeconfig to {@code out} (mode 0600). */
    public void writeKubeconfig(Path out) {
        KubeconfigWriter.write(
                KubeconfigWriter.kubeconfig(serverUrl(), tls.caData(), token, CONTEXT, StageObjects.NAMESPACE), out);
    }

    /** A client for the harness itself: TLS verified, never affected by faults or RBAC denials. */
    public KubernetesClient adminClient() {
        return admin;
    }

    public Faults faults() {
        return faults;
    }

    /** Port-forward websockets open right now. */
    public int openForwards() {
        return forwards.count();
    }

    /** What the port-forwards saw on the wire: client framing, bytes to clients, clients' close codes. */
    public ForwardTraffic traffic() {
        return traffic;
    }

    /** UID of the current {@code postgis-0} pod, or null when there is none. */
    public String podUid() {
        Pod pod = admin.pods()
                .inNamespace(StageObjects.NAMESPACE)
                .withName(StageObjects.POD)
                .get();
        return pod == null ? null : pod.getMetadata().getUid();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        forwards.dropAll(null, null);
        if (admin != null) {
            admin.close();
        }
        try {
            server.destroy();
        } catch (RuntimeException e) {
            LOG.warn("stopping the mock API server failed: {}", e.getMessage());
        }
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", workDir, e.getMessage());
        }
    }

    /** Faults to inject into the running cluster. Each takes effect on the next request. */
    public final class Faults {

        private Faults() {}

        /** Closes every open port-forward websocket abruptly (close code 1011) and its database socket. */
        public void dropAllForwards() {
            forwards.dropAll(null, null);
        }

        /**
         * Replaces {@code postgis-0} the way a StatefulSet does after a crash: deletes it (its forwards die) and
         * creates it again with a new UID, not Ready; about a second later, on a scheduler, it becomes Ready.
         *
         * @return completes with the new pod's UID once it is Ready
         */
        public CompletableFuture<String> replacePod() {
            var pods = admin.pods().inNamespace(StageObjects.NAMESPACE);
            pods.withName(StageObjects.POD).withGracePeriod(0).delete();
            forwards.dropAll(StageObjects.NAMESPACE, StageObjects.POD);
            // The CRUD store assigns the UID on create; a fresh one each time, as a real API server does.
            String uid = pods.resource(stage.pod(UUID.randomUUID().toString(), false))
                    .create()
                    .getMetadata()
                    .getUid();
            CompletableFuture<String> ready = new CompletableFuture<>();
            scheduler.schedule(
                    () -> {
                        try {
                            pods.resource(stage.pod(uid, true)).updateStatus();
                            ready.complete(uid);
                        } catch (RuntimeException e) {
                            ready.completeExceptionally(e);
                        }
                    },
                    1,
                    TimeUnit.SECONDS);
            return ready;
        }

        /**
         * Denies {@code verb:resource} pairs to the operator, e.g. {@code "get:secrets"},
         * {@code "create:pods/portforward"}, {@code "list:pods"}; requests get 403 and access reviews say no.
         */
        public void denyRbac(String... verbResourcePairs) {
            faultState.deny(verbResourcePairs);
        }

        /**
         * Grants what the stage RBAC withholds from the operator ({@code update}, {@code patch}, {@code delete},
         * {@code deletecollection} on {@code configmaps}, where the witness objects live), e.g.
         * {@code "delete:configmaps"}: an operator who also holds a broader role and could rewrite the witness.
         */
        public void grantRbac(String... verbResourcePairs) {
            faultState.grant(verbResourcePairs);
        }

        /** Back to the stage RBAC: no denials; ConfigMaps create, get and list only. */
        public void resetRbac() {
            faultState.resetRbac();
        }

        /** Every API request except port-forward answers {@code status} (e.g. 401, 500) until cleared. */
        public void failApi(int status) {
            faultState.failApi(status);
        }

        public void clearApiFailures() {
            faultState.clearApiFailures();
        }

        /** Delays every API response body by {@code delay} (without blocking the server). */
        public void latency(Duration delay) {
            faultState.latency(delay);
        }
    }
}
