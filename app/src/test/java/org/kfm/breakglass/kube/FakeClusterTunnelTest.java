package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.postgresql.PGConnection;

/** The tunnel end to end: kubeconfig → ClusterAccess → resolver → ForwardedSocket → pgjdbc → real PostGIS. */
class FakeClusterTunnelTest {

    private static final String COPY_50MB =
            "COPY (SELECT i, repeat(md5(i::text), 16) FROM generate_series(1, 100000) i) TO STDOUT";

    static LocalPostgis pg;
    static FakeCluster cluster;

    ClusterAccess access;
    TunnelSupervisor supervisor;
    final BlockingQueue<TunnelEvent> events = new LinkedBlockingQueue<>();
    String key;

    @BeforeAll
    static void startCluster() {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void openTunnel() {
        var catalog = KubeconfigCatalog.load(cluster.kubeconfig());
        access = ClusterAccess.open(
                catalog, catalog.currentContext().orElseThrow().name());
        supervisor = new TunnelSupervisor(
                access,
                access.defaultNamespace(),
                TargetRef.parse("svc/postgis:5432"),
                Duration.ofSeconds(30),
                Duration.ofMillis(250));
        supervisor.addListener(events::add);
        key = UUID.randomUUID().toString();
        TunnelSocketFactory.register(key, supervisor);
    }

    @AfterEach
    void closeTunnel() {
        cluster.faults().resetRbac();
        cluster.faults().clearApiFailures();
        supervisor.close();
        access.close();
    }

    private Connection connectAsReader() throws SQLException {
        var credentials = new SecretReader(access)
                .read(access.defaultNamespace(), "postgis-auth", "POSTGRES_USER", "POSTGRES_PASSWORD");
        var props = new Properties();
        props.setProperty("user", credentials.user());
        props.setProperty("password", new String(credentials.password()));
        credentials.destroy();
        props.setProperty("socketFactory", TunnelSocketFactory.class.getName());
        props.setProperty("socketFactoryArg", key);
        props.setProperty("sslmode", "disable");
        // The host is never contacted: the socket factory's sockets already lead to the pod.
        return DriverManager.getConnection("jdbc:postgresql://postgis.invalid:5432/" + pg.database(), props);
    }

    private TunnelEvent nextEvent() throws InterruptedException {
        var event = events.poll(30, TimeUnit.SECONDS);
        assertThat(event).as("a tunnel event within 30 s").isNotNull();
        return event;
    }

    @Test
    void kubeconfigWithCertificateAuthorityIsVerifiedAndPreflightPasses() {
        var pod = supervisor.open();

        assertThat(access.tlsVerified()).isTrue();
        assertThat(access.whoAmI().user()).isEqualTo("breakglass-operator@example.org");
        var resolver = new TargetResolver(access);
        assertThat(java.util.List.of(
                        new IdentityProbe(access),
                        new RbacProbe(access, access.defaultNamespace()),
                        new ReadyPodProbe(resolver, access.defaultNamespace(), TargetRef.parse("svc/postgis:5432")),
                        new TlsVerificationProbe(access)))
                .allSatisfy(probe ->
                        assertThat(probe.run().verdict()).as(probe.name()).isEqualTo(Verdict.PASS));
        assertThat(pod.name()).isEqualTo("postgis-0");
        assertThat(pod.uid()).isEqualTo(cluster.podUid());
    }

    @Test
    void queriesPostgisThroughTheForwardedSocket() throws Exception {
        supervisor.open();
        try (var connection = connectAsReader();
                var st = connection.createStatement();
                var rs = st.executeQuery("SELECT current_user, postgis_version() IS NOT NULL")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(pg.reader().user());
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(supervisor.openSockets()).hasSize(1);
        }
        assertThat(supervisor.openSockets()).isEmpty();
    }

    @Test
    void fiftyMegabyteCopyArrivesIntact() throws Exception {
        supervisor.open();
        String direct;
        try (var connection = pg.connect(pg.reader())) {
            direct = copyDigest(connection);
        }
        try (var connection = connectAsReader()) {
            assertThat(copyDigest(connection)).isEqualTo(direct);
        }
    }

    private static String copyDigest(Connection connection) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        long[] bytes = {0};
        var sink = new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
                bytes[0] += len;
            }
        };
        connection.unwrap(PGConnection.class).getCopyAPI().copyOut(COPY_50MB, sink);
        assertThat(bytes[0]).isGreaterThan(50_000_000L);
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void readsHonourSoTimeout() throws Exception {
        var pod = supervisor.open();
        try (var socket = new PortForwardTunnel(access, access.defaultNamespace()).openSocket(pod)) {
            socket.connect(new InetSocketAddress("ignored.invalid", 5432), 1000);
            socket.setSoTimeout(300);
            // PostgreSQL says nothing until it receives a startup message.
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void droppedForwardFailsTheConnectionClearlyAndTheSupervisorReconnects() throws Exception {
        var pod = supervisor.open();
        assertThat(nextEvent().state()).isEqualTo(TunnelState.CONNECTING);
        assertThat(nextEvent().state()).isEqualTo(TunnelState.OPEN);
        try (var connection = connectAsReader();
                var st = connection.createStatement()) {
            st.execute("SELECT 1");
            cluster.faults().dropAllForwards();

            assertThatThrownBy(() -> st.execute("SELECT 2"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(causeChainText(e))
                            .contains("port-forward tunnel to")
                            .contains("dropped"));
        }
        var dropped = nextEvent();
        assertThat(dropped.state()).isEqualTo(TunnelState.RECONNECTING);
        assertThat(dropped.reason()).contains("dropped");
        var reopened = nextEvent();
        assertThat(reopened.state()).isEqualTo(TunnelState.OPEN);
        assertThat(reopened.newUid()).isEqualTo(pod.uid());
        try (var connection = connectAsReader();
                var st = connection.createStatement();
                var rs = st.executeQuery("SELECT 3")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aCancelledStatementLeavesTheTunnelOpenAndTheConnectionUsable() throws Exception {
        supervisor.open();
        events.clear();
        try (var connection = connectAsReader();
                var st = connection.createStatement()) {
            var sleeping = Thread.ofVirtual().start(() -> {
                try {
                    st.execute("SELECT pg_sleep(30)");
                } catch (SQLException e) {
                    events.add(new TunnelEvent(TunnelState.CLOSED, "", "", "", "statement: " + e.getSQLState()));
                }
            });
            awaitBackendSleeping();
            // pgjdbc sends the cancel on a connection of its own; the server ends that one (close 1000).
            st.cancel();
            sleeping.join(Duration.ofSeconds(10));
            assertThat(nextEvent().reason()).isEqualTo("statement: 57014");

            // Eight supervisor polls: a cancel's normally closed forward must not count as a drop.
            var later = events.poll(2, TimeUnit.SECONDS);
            assertThat(later).as("tunnel events after a cancel").isNull();
            assertThat(supervisor.state()).isEqualTo(TunnelState.OPEN);
            try (var rs = st.executeQuery("SELECT 5")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(5);
            }
        }
    }

    @Test
    void aDropIsNoticedWhileNoStatementRuns() throws Exception {
        supervisor.open();
        events.clear();
        try (var connection = connectAsReader();
                var st = connection.createStatement()) {
            st.execute("SELECT 1");
            cluster.faults().dropAllForwards();

            // Nothing reads or writes the connection: only the supervisor's watch can see the drop.
            var dropped = events.poll(5, TimeUnit.SECONDS);
            assertThat(dropped).as("RECONNECTING within 5 s of the drop, idle").isNotNull();
            assertThat(dropped.state()).isEqualTo(TunnelState.RECONNECTING);
            assertThat(dropped.reason()).contains("dropped", "1011");
            assertThat(nextEvent().state()).isEqualTo(TunnelState.OPEN);
        }
    }

    private void awaitBackendSleeping() throws Exception {
        try (var superuser = pg.connect(pg.superuser());
                var st = superuser.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")) {
            for (int i = 0; i < 200; i++) {
                try (var rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(25);
            }
        }
        throw new AssertionError("the statement never reached pg_sleep on the server");
    }

    @Test
    void replacedPodIsReportedWithItsNewUid() throws Exception {
        var before = supervisor.open();
        events.clear();

        String newUid = cluster.faults().replacePod().get(30, TimeUnit.SECONDS);

        var dropped = nextEvent();
        assertThat(dropped.state()).isEqualTo(TunnelState.RECONNECTING);
        assertThat(dropped.oldUid()).isEqualTo(before.uid());
        var reopened = nextEvent();
        assertThat(reopened.state()).isEqualTo(TunnelState.OPEN);
        assertThat(reopened.newUid()).isEqualTo(newUid).isNotEqualTo(before.uid());
        try (var connection = connectAsReader();
                var st = connection.createStatement();
                var rs = st.executeQuery("SELECT 4")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
    }

    @Test
    void deniedPortForwardFailsTheRbacProbeNamingThePermission() {
        cluster.faults().denyRbac("create:pods/portforward");

        var result = new RbacProbe(access, access.defaultNamespace()).run();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("create pods/portforward").doesNotContain("list pods");
    }

    @Test
    void refusedPortForwardSaysSoOnTheConnectionAndFailsTheTunnel() throws Exception {
        supervisor.open();
        events.clear();
        cluster.faults().denyRbac("create:pods/portforward");

        try (var socket = supervisor.openSocket()) {
            socket.setSoTimeout(20_000);
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("port-forward tunnel to kfm-stage/postgis-0")
                    .hasMessageContaining("refused the port-forward (403)")
                    .hasMessageContaining("create pods/portforward");
        }
        var failed = nextEvent();
        assertThat(failed.state()).isEqualTo(TunnelState.FAILED);
        assertThat(failed.reason()).contains("403");
    }

    @Test
    void deniedSecretsOnlyWarnsBecauseThePasswordCanBeEntered() {
        cluster.faults().denyRbac("get:secrets");

        var result = new RbacProbe(access, access.defaultNamespace()).run();

        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.reason()).contains("get secrets");
        assertThatThrownBy(() -> new SecretReader(access)
                        .read(access.defaultNamespace(), "postgis-auth", "POSTGRES_USER", "POSTGRES_PASSWORD"))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("Secret kfm-stage/postgis-auth")
                .hasMessageContaining("403");
    }

    @Test
    void rejectedCredentialsGiveAClearMessage() {
        cluster.faults().failApi(401);

        assertThatThrownBy(() -> access.whoAmI())
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("rejected your credentials (401)")
                .hasMessageNotContaining(cluster.token());
        var result = new IdentityProbe(access).run();
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("refresh your login");
    }

    @Test
    void noSocketOfThisJvmListensOnANonLoopbackAddressWhileTunnelling() throws Exception {
        supervisor.open();
        try (var connection = connectAsReader();
                var st = connection.createStatement()) {
            st.execute("SELECT 1");
            // The fake API server in this JVM listens on loopback: proof that the /proc scan sees our listeners.
            assertThat(ListeningSockets.allListenersOfThisProcess()).isNotEmpty();
            assertThat(ListeningSockets.nonLoopbackListenersOfThisProcess()).isEmpty();
        }
    }

    private static String causeChainText(Throwable t) {
        var text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            text.append(c.getMessage()).append(" | ");
        }
        return text.toString();
    }
}
