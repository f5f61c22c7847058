package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * <p>Built on fabric8's mock-server CRUD store ({@link CrudStore}) behind a {@link ClusterDispatcher}, served by
 * {@link HttpsApiServer}.
 */
public final class FakeCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FakeCluster.class);
    private static final String CONTEXT = "kfm-demo";

    private final LocalPostgis pg;
    private final Shape shape;
    private final ServiceDefaults serviceDefaults = new ServiceDefaults();
    private volatile OperatorClusters operators;
    private volatile EndpointsController endpoints;
    private final ClusterDispatcher dispatcher;
    private HttpsApiServer server;
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

    private FakeCluster(LocalPostgis pg, Shape shape) {
        this.pg = pg;
        this.shape = shape;
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
        this.dispatcher = new ClusterDispatcher(
                new CrudStore(), faultState, forwards, traffic, token, adminToken, this::podBackend);
    }

    /** Starts the API server on 127.0.0.1 (free port) and seeds namespace {@code kfm-stage} with the seed. */
    public static FakeCluster start(LocalPostgis pg) {
        return start(pg, Shape.SEED);
    }

    /**
     * Starts the API server on 127.0.0.1 (free port) and seeds namespace {@code kfm-stage} with {@code shape}. An
     * operator shape starts LocalPostgis's hot standby (once) for its replica pods.
     */
    public static FakeCluster start(LocalPostgis pg, Shape shape) {
        FakeCluster cluster = new FakeCluster(pg, shape);
        try {
            cluster.tls = TlsMaterial.selfSigned();
            cluster.server = HttpsApiServer.start(cluster.tls, cluster.dispatcher);
            cluster.dispatcher.serverAddress("127.0.0.1:" + cluster.server.port());
            cluster.admin = cluster.clientFor(cluster.adminToken);
            cluster.operators = new OperatorClusters(cluster.admin, cluster.serviceDefaults);
            cluster.endpoints = new EndpointsController(cluster.admin, StageObjects.NAMESPACE);
            cluster.dispatcher.servePodLogs(new ContainerLogs(
                    cluster.dispatcher.store(),
                    (namespace, pod) -> StageObjects.NAMESPACE.equals(namespace)
                            ? cluster.serverOf(pod)
                            : java.util.Optional.empty()));
            cluster.seed();
            LOG.info(
                    "fake cluster serving {} (namespace {}, shape {})",
                    cluster.serverUrl(),
                    StageObjects.NAMESPACE,
                    shape.cliName());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void seed() {
        for (HasMetadata object : shape.hasSeed() ? stage.all() : stage.common()) {
            operators.create(object);
        }
        if (!shape.operators().isEmpty()) {
            PostgresServer replica = pg.startStandby();
            PostgresServer primary = pg.primary();
            for (Shape operator : shape.operators()) {
                operators.seed(
                        switch (operator) {
                            case CNPG -> new CnpgCluster(pg, primary, replica);
                            case ZALANDO -> new ZalandoCluster(pg, primary, replica);
                            case CRUNCHY -> new CrunchyCluster(pg, primary, replica);
                            default -> throw new IllegalStateException("not an operator shape: " + operator);
                        });
            }
        }
        endpoints.reconcile();
    }

    /**
     * Installs the CRDs of CloudNativePG, Zalando and Crunchy PGO v5 (as their operators' install manifests do),
     * without any cluster of them: for tests that seed their own operator objects into other namespaces. A real
     * API server refuses custom resources of a kind it has no CRD for (404), and so does this one.
     */
    public void installOperatorCrds() {
        operators.install(CnpgCluster.definition());
        operators.install(ZalandoCluster.definition());
        operators.install(CrunchyCluster.definition());
    }

    /** The shape this cluster was seeded with. */
    public Shape shape() {
        return shape;
    }

    /**
     * The server behind {@code pod}'s PostgreSQL port: the seed's {@code postgis-0} follows LocalPostgis's current
     * primary; an operator instance is bound to the server it was seeded on (primary or standby).
     */
    public java.util.Optional<PostgresServer> serverOf(String pod) {
        if (shape.hasSeed() && StageObjects.POD.equals(pod)) {
            return java.util.Optional.of(pg.primary());
        }
        return operators == null ? java.util.Optional.empty() : operators.server(StageObjects.NAMESPACE, pod);
    }

    private java.util.Optional<InetSocketAddress> podBackend(String namespace, String pod, int port) {
        if (!StageObjects.NAMESPACE.equals(namespace) || port != StageObjects.CONTAINER_PORT) {
            return java.util.Optional.empty();
        }
        return serverOf(pod).map(s -> new InetSocketAddress(s.host(), s.port()));
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
        return "https://127.0.0.1:" + server.port();
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

    /**
     * The API requests made with the operator's token (not the harness's), as {@code METHOD path?query} in
     * arrival order: what a session asked the API server, to show that it reads each object once.
     */
    public java.util.List<String> operatorRequests() {
        return dispatcher.operatorRequests();
    }

    /** Forgets the operator requests seen so far. */
    public void clearOperatorRequests() {
        dispatcher.clearOperatorRequests();
    }

    /** What the port-forwards saw on the wire: client framing, bytes to clients, clients' close codes. */
    public ForwardTraffic traffic() {
        return traffic;
    }

    /** UID of the current {@code postgis-0} pod, or null when there is none. */
    public String podUid() {
        return podUid(StageObjects.POD);
    }

    /** UID of pod {@code name} in {@code kfm-stage}, or null when there is none. */
    public String podUid(String name) {
        Pod pod =
                admin.pods().inNamespace(StageObjects.NAMESPACE).withName(name).get();
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
        if (server != null) {
            server.close();
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
            endpoints.reconcile();
            String uid = pods.resource(stage.pod(UUID.randomUUID().toString(), false))
                    .create()
                    .getMetadata()
                    .getUid();
            endpoints.reconcile();
            CompletableFuture<String> ready = new CompletableFuture<>();
            scheduler.schedule(
                    () -> {
                        try {
                            pods.resource(stage.pod(uid, true)).updateStatus();
                            endpoints.reconcile();
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
         * Fails over every operator cluster to LocalPostgis's standby, as the operator and Patroni would after the
         * primary died: the primary server shuts down (fast: no committed row is lost) and stays down, the standby
         * is promoted and accepts writes, forwards to the old primary's pods drop, the pods on the promoted server
         * get the primary role labels, the old primaries the replica labels and Ready=False, the custom resources'
         * status and the leader Endpoints follow, and the endpoint controllers rewrite the slices, so resolving
         * "the primary" by role leads to the promoted server. The seed's {@code postgis-0} follows the primary too
         * (it shares LocalPostgis).
         *
         * @return the promoted server
         * @throws IllegalStateException for the seed shape alone (one StatefulSet replica: nothing to fail over to)
         */
        public PostgresServer failover() {
            if (shape.operators().isEmpty()) {
                throw new IllegalStateException("failover needs an operator shape (cnpg, zalando, crunchy or all):"
                        + " the seed is one StatefulSet replica with no standby");
            }
            PostgresServer old = pg.primary();
            var oldPods = new java.util.ArrayList<>(operators.podsOn(old));
            if (shape.hasSeed()) {
                oldPods.add(StageObjects.POD);
            }
            PostgresServer promoted = pg.failover();
            for (String pod : oldPods) {
                forwards.dropAll(StageObjects.NAMESPACE, pod);
            }
            operators.failedOver(promoted);
            endpoints.reconcile();
            return promoted;
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

        /**
         * The user the API server says the operator's token belongs to ({@code SelfSubjectReview}), as if another
         * person's kubeconfig were used: a reviewer who is not the session's operator. {@code null}: the default.
         */
        public void authenticateAs(String username) {
            faultState.authenticateAs(username == null ? AccessReviews.USERNAME : username);
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
