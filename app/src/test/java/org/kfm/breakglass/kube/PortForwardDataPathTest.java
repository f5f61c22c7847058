package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.DbRole;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.postgresql.PGConnection;

/**
 * The port-forward's data path against the fake cluster and a real PostgreSQL: 100 MB each way byte for byte,
 * upload framing as the server sees it, backpressure from a stalled reader all the way to the PostgreSQL backend
 * without holding up other forwards of the same client, and what the operator is told when the pod reports an
 * error or the server closes the stream.
 */
class PortForwardDataPathTest {

    /** About 104 MB: 200,000 rows of ~520 bytes. */
    private static final String COPY_OUT_104MB =
            "COPY (SELECT i, repeat(md5(i::text), 16) FROM generate_series(1, 200000) i) TO STDOUT";

    private static final int UPLOAD_ROWS = 100_000;
    private static final int UPLOAD_TEXT = 1000;

    static LocalPostgis pg;
    static FakeCluster cluster;
    static String directCopyDigest;

    ClusterAccess access;
    TunnelSupervisor supervisor;
    String key;

    @BeforeAll
    static void startCluster() throws Exception {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg);
        try (var direct = pg.connect(pg.reader())) {
            directCopyDigest = copyOut(direct, COPY_OUT_104MB, new DigestSink()).hex();
        }
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
        supervisor.open();
        key = UUID.randomUUID().toString();
        TunnelSocketFactory.register(key, supervisor);
        cluster.traffic().reset();
    }

    @AfterEach
    void closeTunnel() {
        supervisor.close();
        access.close();
    }

    private Connection forwardAs(DbRole role, String applicationName) throws SQLException {
        var props = new Properties();
        props.setProperty("user", role.user());
        props.setProperty("password", role.password());
        props.setProperty("socketFactory", TunnelSocketFactory.class.getName());
        props.setProperty("socketFactoryArg", key);
        props.setProperty("sslmode", "disable");
        props.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection("jdbc:postgresql://postgis.invalid:5432/" + pg.database(), props);
    }

    @Test
    void aHundredMegabyteCopyOutArrivesByteForByte() throws Exception {
        try (var forward = forwardAs(pg.reader(), "copy-out")) {
            var sink = copyOut(forward, COPY_OUT_104MB, new DigestSink());

            assertThat(sink.bytes).isGreaterThan(100_000_000L);
            assertThat(sink.hex()).isEqualTo(directCopyDigest);
        }
    }

    @Test
    void aHundredMegabyteCopyInArrivesByteForByteInFramesOfAtMost32KiB() throws Exception {
        String table = "upload_" + UUID.randomUUID().toString().replace("-", "");
        try (var owner = pg.connect(pg.owner());
                var st = owner.createStatement()) {
            st.execute("CREATE TABLE " + table + " (i integer, t text)");
            try {
                var upload = new GeneratedRows(UPLOAD_ROWS, UPLOAD_TEXT);
                long peakQueued;
                try (var forward = forwardAs(pg.owner(), "copy-in")) {
                    long rows = forward.unwrap(PGConnection.class)
                            .getCopyAPI()
                            .copyIn("COPY " + table + " FROM STDIN", upload);
                    assertThat(rows).isEqualTo(UPLOAD_ROWS);
                    peakQueued = onlyOpenSocket().outbound().peakQueued();
                }
                // The owner's own view of the table, read directly, must be exactly what was sent.
                var stored =
                        copyOut(owner, "COPY (SELECT i, t FROM " + table + " ORDER BY i) TO STDOUT", new DigestSink());
                assertThat(upload.bytes).isGreaterThan(100_000_000L);
                assertThat(stored.bytes).isEqualTo(upload.bytes);
                assertThat(stored.hex()).isEqualTo(upload.hex());

                var traffic = cluster.traffic();
                assertThat(traffic.largestFrameFromClients())
                        .as("upload frames, channel byte included, as the server received them")
                        .isEqualTo(OutboundFrames.MAX_FRAME);
                assertThat(traffic.payloadFromClients()).isGreaterThanOrEqualTo(upload.bytes);
                assertThat(traffic.framesFromClients())
                        .as("full frames: about one per 32 KiB, not one per pgjdbc write")
                        .isLessThan(upload.bytes / (OutboundFrames.MAX_FRAME - 1) * 11 / 10 + 100);
                assertThat(peakQueued)
                        .as("bytes the HTTP client held unwritten: bounded by the send queue limit plus a frame")
                        .isLessThanOrEqualTo(OutboundFrames.SEND_QUEUE_LIMIT + OutboundFrames.MAX_FRAME);
            } finally {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    @Test
    void aStalledReaderHoldsAtMostItsBoundPushesBackToPostgresAndDoesNotHoldUpOtherForwards() throws Exception {
        var stalled = new StallingSink();
        var copyResult = new AtomicReference<Object>();
        try (var slow = forwardAs(pg.reader(), "stalled-reader")) {
            var slowSocket = onlyOpenSocket();
            var copier = Thread.ofPlatform().start(() -> {
                try {
                    copyResult.set(copyOut(slow, COPY_OUT_104MB, stalled));
                } catch (Exception e) {
                    copyResult.set(e);
                }
            });
            assertThat(stalled.first.await(30, TimeUnit.SECONDS))
                    .as("the COPY started")
                    .isTrue();

            long sent = awaitStall("stalled-reader");
            assertThat(sent - stalled.bytes)
                    .as("everything in flight (our queue, the HTTP client's, both kernels' socket buffers) is a "
                            + "bounded fraction of the 104 MB the server has to send")
                    .isLessThan(32L << 20);
            var inbound = slowSocket.link().inbound();
            assertThat(inbound.peakBytes())
                    .as("bytes the forward held for the stalled reader")
                    .isLessThanOrEqualTo(PodPortForward.INBOUND_LIMIT + OutboundFrames.MAX_FRAME + 1L);
            assertThat(inbound.queuedBytes()).isGreaterThanOrEqualTo(PodPortForward.INBOUND_LIMIT);

            String stalledLoop = ((PodPortForward) slowSocket.link()).deliveringThread();
            assertThat(stalledLoop).startsWith("vert.x-eventloop");
            assertThat(forwardsUntilOneSharesTheLoopOf(stalledLoop))
                    .as("a forward on the stalled forward's own event loop (%s) was served", stalledLoop)
                    .isTrue();

            stalled.release.countDown();
            copier.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(copyResult.get()).isInstanceOf(DigestSink.class);
        assertThat(((DigestSink) copyResult.get()).hex())
                .as("after the stall, every byte arrived")
                .isEqualTo(directCopyDigest);
    }

    /** Opens forwards one after another, each running a query, until one is served by {@code loop}. */
    private boolean forwardsUntilOneSharesTheLoopOf(String loop) throws Exception {
        // Vert.x hands new connections to its event loops in turn; it has 2 per CPU by default.
        int attempts = 4 * 2 * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < attempts; i++) {
            try (var other = forwardAs(pg.reader(), "flowing-" + i);
                    var st = other.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM generate_series(1, 1000)")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1000);
                var mine = supervisor.openSockets().stream()
                        .map(s -> ((PodPortForward) s.link()).deliveringThread())
                        .toList();
                if (mine.stream().filter(loop::equals).count() >= 2) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Waits until the server has sent nothing for a second while the PostgreSQL backend waits on ClientWrite:
     * backpressure from the stalled reader has reached the database. Returns the data bytes sent by then.
     */
    private long awaitStall(String applicationName) throws Exception {
        try (var superuser = pg.connect(pg.superuser());
                var st = superuser.prepareStatement(
                        "SELECT wait_event FROM pg_stat_activity WHERE application_name = ? AND state = 'active'")) {
            st.setString(1, applicationName);
            String waitEvent = null;
            long sent = -1;
            for (int i = 0; i < 30; i++) {
                long before = cluster.traffic().payloadToClients();
                Thread.sleep(1000);
                sent = cluster.traffic().payloadToClients();
                try (var rs = st.executeQuery()) {
                    waitEvent = rs.next() ? rs.getString(1) : null;
                }
                if (sent == before && "ClientWrite".equals(waitEvent)) {
                    return sent;
                }
            }
            throw new AssertionError("the stalled reader's forward never came to rest (server sent " + sent
                    + " bytes, the backend's last wait event: " + waitEvent
                    + "): backpressure did not reach the database");
        }
    }

    @Test
    void thePodsErrorChannelMessageSurfacesAsAClearFailure() throws Exception {
        var pod = supervisor.currentPod().orElseThrow();
        var nothingListens = new ResolvedPod(pod.name(), pod.uid(), 5433, "");
        try (var socket = new PortForwardTunnel(access, access.defaultNamespace()).openSocket(nothingListens)) {
            socket.setSoTimeout(20_000);

            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("port-forward tunnel to kfm-stage/postgis-0:5433 dropped")
                    .hasMessageContaining("the pod reported on the port-forward's error channel")
                    .hasMessageContaining("error forwarding port 5433 to pod postgis-0")
                    .hasMessageContaining("connection refused");
            assertThat(socket.forwardAlive()).isFalse();
            assertThat(socket.refusedByApiServer())
                    .as("not an RBAC refusal: reconnecting may help")
                    .isFalse();
        }
    }

    @Test
    void closingASocketSendsUserClosing1001() throws Exception {
        var pod = supervisor.currentPod().orElseThrow();
        var socket = new PortForwardTunnel(access, access.defaultNamespace()).openSocket(pod);
        awaitOpenForwards(1);

        socket.close();

        awaitOpenForwards(0);
        assertThat(cluster.traffic().closeCodesFromClients()).containsExactly(1001);
        assertThat(cluster.traffic().closeReasonsFromClients()).containsExactly("User closing");
    }

    @Test
    void aServerCloseCodeAndReasonAreWhatTheConnectionFailsWith() throws Exception {
        try (var connection = forwardAs(pg.reader(), "dropped");
                var st = connection.createStatement()) {
            st.execute("SELECT 1");

            cluster.faults().dropAllForwards();

            assertThatThrownBy(() -> st.execute("SELECT 2"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(causeChainText(e))
                            .contains("port-forward tunnel to kfm-stage/postgis-0:5432 dropped")
                            .contains("websocket close 1011: port-forward dropped (injected fault)"));
        }
    }

    @Test
    void aPodNameThatIsNoPodNameNeverReachesARequest() {
        var hostile = new ResolvedPod("postgis-0/../../../secrets/postgis-auth", "uid", 5432, "");

        assertThatThrownBy(() -> new PortForwardTunnel(access, access.defaultNamespace()).openSocket(hostile))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a Kubernetes pod name");
        assertThat(cluster.traffic().framesFromClients()).isZero();
        assertThat(cluster.openForwards()).isZero();
    }

    private ForwardedSocket onlyOpenSocket() {
        List<ForwardedSocket> open = supervisor.openSockets();
        assertThat(open).hasSize(1);
        return open.getFirst();
    }

    private static void awaitOpenForwards(int count) throws InterruptedException {
        for (int i = 0; i < 300 && cluster.openForwards() != count; i++) {
            Thread.sleep(50);
        }
        assertThat(cluster.openForwards())
                .as("forwards open at the fake cluster")
                .isEqualTo(count);
    }

    private static <S extends OutputStream> S copyOut(Connection connection, String sql, S sink) throws Exception {
        connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, sink);
        return sink;
    }

    private static String causeChainText(Throwable t) {
        var text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            text.append(c.getMessage()).append(" | ");
        }
        return text.toString();
    }

    /** Counts and hashes what it is given. */
    static class DigestSink extends OutputStream {
        final MessageDigest digest = sha256();
        long bytes;

        @Override
        public void write(int b) {
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            bytes += len;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** A reader that stops at the first bytes until released: the stalled client of the backpressure test. */
    static final class StallingSink extends DigestSink {
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            first.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code rows} lines of COPY text ({@code i<TAB>text}), generated as they are read and hashed on the way. */
    static final class GeneratedRows extends InputStream {
        final MessageDigest digest = sha256();
        final int rows;
        final int textLength;
        long bytes;
        int row;
        byte[] line = new byte[0];
        int pos;

        GeneratedRows(int rows, int textLength) {
            this.rows = rows;
            this.textLength = textLength;
        }

        private boolean fill() {
            if (pos < line.length) {
                return true;
            }
            if (row == rows) {
                return false;
            }
            row++;
            var text = new StringBuilder(textLength + 12).append(row).append('\t');
            String unit = Integer.toHexString(row * 31 + 7);
            while (text.length() < textLength) {
                text.append(unit).append('-');
            }
            text.setLength(textLength);
            line = text.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
            pos = 0;
            digest.update(line);
            bytes += line.length;
            return true;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return line[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len && fill()) {
                int chunk = Math.min(len - n, line.length - pos);
                System.arraycopy(line, pos, b, off + n, chunk);
                pos += chunk;
                n += chunk;
            }
            return n == 0 ? -1 : n;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
